using Wharf.Cgroups;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Runtime.Hooks;
using Wharf.Runtime.State;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Process;

/// <summary>How a container is created: wait for `start` (create) or exec at once (run).</summary>
public sealed record LaunchOptions
{
    public bool WaitForStart { get; init; } = true;
    /// <summary>Connected console socket descriptor for a terminal, or -1.</summary>
    public int ConsoleSocketFd { get; init; } = -1;
    public int PreserveFds { get; init; }
    /// <summary>The init's fds 0-2 (child fd ← our fd, ours above 2); empty: it inherits ours.</summary>
    public IReadOnlyList<(int Child, int Parent)> Stdio { get; init; } = [];
}

/// <summary>
/// The runtime's side of `create`: claims the id, makes the cgroup, spawns the init stage in the
/// new namespaces, places it in the cgroup, hands it the config and waits for its answer. Any
/// failure undoes everything made so far: the init is killed (its mount namespace dies with
/// it), the cgroup and the state directory are removed.
/// </summary>
public sealed class ContainerLauncher(StateStore store, string initBinary)
{
    public ContainerRecord Create(string id, Bundle bundle, LaunchOptions options)
    {
        ContainerId.Validate(id);
        RuntimeSpec spec = bundle.Spec;
        var seccomp = CompileSeccomp(spec);
        string stateDir = store.Claim(id);
        ICgroup? cgroup = null;
        int pid = 0;
        int mountNamespaceFd = -1;
        try
        {
            if (options.WaitForStart) ExecFifo.Make(stateDir);
            cgroup = CgroupLayout.Detect().Open(CgroupPathOf(id, spec));
            cgroup.Create();
            cgroup.Apply(DeviceRules.WithDefaults(spec.Linux?.Resources, spec.Linux?.Devices));

            var (unshare, joins) = NamespacePlan(spec);
            // A mount namespace joined by path is entered by the init itself: entered here, the
            // init binary's own path would resolve inside it.
            mountNamespaceFd = joins.Where(j => j.Flag == CLONE_NEWNS).Select(j => Check(Open(j.Path, O_RDONLY | O_CLOEXEC, 0), "open", j.Path)).FirstOrDefault(-1);
            joins.RemoveAll(j => j.Flag == CLONE_NEWNS);
            var (parent, child) = SyncSocket.CreatePair();
            using (parent)
            {
                Dictionary<int, int> childOf;
                using (child)
                {
                    pid = InitProcess.Spawn(initBinary, unshare, joins, child, options.PreserveFds,
                        new[] { options.ConsoleSocketFd, mountNamespaceFd }.Where(fd => fd >= 0), options.Stdio, out childOf);
                }
                cgroup.AddProcess(pid);

                parent.Send(new InitRequest
                {
                    Mode = InitMode.Create,
                    ContainerId = id,
                    Spec = spec,
                    Rootfs = bundle.RootfsPath,
                    Bundle = bundle.Path,
                    StateDirectory = options.WaitForStart ? stateDir : null,
                    ConsoleSocketFd = options.ConsoleSocketFd >= 0 ? childOf[options.ConsoleSocketFd] : -1,
                    CgroupMounts = [.. cgroup.Directories.Select(d => new CgroupMountSource(Path.GetFileName(d.MountPoint), d.Path))],
                    PreserveFds = options.PreserveFds,
                    Joins = mountNamespaceFd >= 0 ? [new NamespaceJoin(CLONE_NEWNS, childOf[mountNamespaceFd])] : [],
                    HostPid = pid,
                    SeccompProgram = seccomp.Program,
                    SeccompFlags = seccomp.Flags,
                });
                int initPid = pid;
                AwaitInit(parent, options.WaitForStart, pid, () =>
                {
                    var state = new ContainerStateDocument { Id = id, Status = "creating", Pid = initPid, Bundle = bundle.Path, Annotations = spec.Annotations };
                    HookRunner.Run("prestart", spec.Hooks?.Prestart, state);
                    HookRunner.Run("createRuntime", spec.Hooks?.CreateRuntime, state);
                });
            }

            var record = new ContainerRecord
            {
                Id = id,
                Bundle = bundle.Path,
                Rootfs = bundle.RootfsPath,
                InitPid = pid,
                InitStartTime = ProcessStat.Read(pid)?.StartTime ?? 0,
                Created = DateTimeOffset.UtcNow,
                CgroupPath = cgroup.Path,
                CgroupDirectories = [.. cgroup.Directories],
                Spec = spec,
            };
            store.Save(record);
            return record;
        }
        catch (Exception failure)
        {
            InitProcess.Abort(pid);
            // Undo everything, but let the original error be the one reported.
            try
            {
                cgroup?.Delete();
                store.Remove(id);
            }
            catch (Exception cleanup) when (cleanup is WharfException or IOException or UnauthorizedAccessException)
            {
                throw new WharfException(ErrorKind.Internal, $"{failure.Message} (and cleaning up failed: {cleanup.Message})", failure);
            }
            throw;
        }
        finally
        {
            if (mountNamespaceFd >= 0) Close(mountNamespaceFd);
        }
    }

    /// <summary>
    /// Reads the init's answer. A created container answers "ok" before waiting for start; one
    /// that execs at once answers only on failure, and its socket closing means execve worked.
    /// </summary>
    internal static void AwaitInit(SyncSocket parent, bool expectReply, int pid, Action? runtimeHooks = null)
    {
        InitReply? reply;
        while ((reply = parent.ReceiveReply()) is { HooksDue: true })
        {
            runtimeHooks?.Invoke();
            parent.Send(new InitReply(true));
        }
        if (reply is { Ok: false })
            throw WharfException.Invalid(reply.Error ?? "container init failed");
        if (reply is null && expectReply)
            throw new WharfException(ErrorKind.Internal, $"container init (pid {pid}) exited during setup");
    }

    /// <summary>linux.seccomp as a BPF program: compiled here so a bad profile fails before anything is made.</summary>
    internal static (Linux.Seccomp.SockFilter[]? Program, uint Flags) CompileSeccomp(RuntimeSpec spec) =>
        spec.Linux?.Seccomp is { } seccomp
            ? (Seccomp.SeccompCompiler.Compile(seccomp), Seccomp.SeccompCompiler.LoadFlags(seccomp))
            : (null, 0);

    /// <summary>linux.cgroupsPath, or the container id relative to the runtime's own cgroup, as runc does.</summary>
    public static string CgroupPathOf(string id, RuntimeSpec spec) =>
        string.IsNullOrEmpty(spec.Linux?.CgroupsPath) ? id : spec.Linux.CgroupsPath;

    /// <summary>Which namespaces to create (all but cgroup, which the init makes once in its cgroup) and which to join.</summary>
    private static (int Unshare, List<(int Flag, string Path)> Joins) NamespacePlan(RuntimeSpec spec)
    {
        int flags = 0;
        var joins = new List<(int, string)>();
        var configured = spec.Linux?.Namespaces ?? [];
        foreach (var kind in NamespaceKind.All)
        {
            var ns = configured.FirstOrDefault(n => n.Type == kind.Type);
            if (ns is null) continue;
            if (!string.IsNullOrEmpty(ns.Path)) joins.Add((kind.CloneFlag, ns.Path));
            else if (kind != NamespaceKind.Cgroup) flags |= kind.CloneFlag;
        }
        return (flags, joins);
    }
}
