using Wharf.Core.Oci;
using Wharf.Linux.Seccomp;

namespace Wharf.Runtime.Process;

/// <summary>What the init stage is asked to do: set up a new container, or join one (exec).</summary>
public enum InitMode
{
    Create,
    Exec,
}

/// <summary>
/// Sent by the runtime to the init stage over the sync socket once the init process has been
/// placed in its cgroup. Descriptors named here were inherited by the init process.
/// </summary>
public sealed record InitRequest
{
    public InitMode Mode { get; init; }
    public string ContainerId { get; init; } = "";
    /// <summary>The container's config; for exec, its process is the one to start.</summary>
    public RuntimeSpec Spec { get; init; } = new();
    public string Rootfs { get; init; } = "";
    public string Bundle { get; init; } = "";
    /// <summary>Directory holding exec.fifo; the process waits there for `start`. Null: exec at once.</summary>
    public string? StateDirectory { get; init; }
    /// <summary>Inherited console socket (terminal: the pty master is sent over it), or -1.</summary>
    public int ConsoleSocketFd { get; init; } = -1;
    /// <summary>Host paths of the container's cgroup in each hierarchy, for a "cgroup" mount.</summary>
    public List<CgroupMountSource> CgroupMounts { get; init; } = [];
    /// <summary>Exec: namespaces to join, in order, as (clone flag, inherited fd).</summary>
    public List<NamespaceJoin> Joins { get; init; } = [];
    /// <summary>Extra descriptors (3..3+N-1) passed through to the process, as runc's --preserve-fds.</summary>
    public int PreserveFds { get; init; }
    /// <summary>The init's pid as the host sees it, for the state that hooks receive.</summary>
    public int HostPid { get; init; }
    /// <summary>linux.seccomp compiled by the runtime (so errors surface before anything is made), or null.</summary>
    public SockFilter[]? SeccompProgram { get; init; }
    public uint SeccompFlags { get; init; }
}

public sealed record CgroupMountSource(string Name, string HostPath);

public sealed record NamespaceJoin(int CloneFlag, int Fd);

/// <summary>
/// A message on the sync socket. From the init: set up and waiting for start (Ok), failed
/// (Error), or paused for the runtime's createRuntime/prestart hooks (HooksDue). From the
/// runtime: hooks done, go on (Ok).
/// </summary>
public sealed record InitReply(bool Ok, string? Error = null, bool HooksDue = false);
