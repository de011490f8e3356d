using Wharf.Cgroups;
using Wharf.Core.Oci;

namespace Wharf.Runtime.State;

/// <summary>
/// What the runtime remembers of a container between invocations (state.json in its state
/// directory). It carries the whole config so `exec`, `kill` and `delete` work even if the
/// bundle is gone.
/// </summary>
public sealed record ContainerRecord
{
    public string Id { get; init; } = "";
    public string Bundle { get; init; } = "";
    public string Rootfs { get; init; } = "";
    public int InitPid { get; init; }
    /// <summary>Start time of the init process (clock ticks since boot): tells a reused pid apart.</summary>
    public ulong InitStartTime { get; init; }
    public DateTimeOffset Created { get; init; }
    public string CgroupPath { get; init; } = "";
    /// <summary>The cgroup's directory in each hierarchy, as resolved at creation.</summary>
    public List<CgroupDirectory> CgroupDirectories { get; init; } = [];
    public int? ExitStatus { get; init; }
    public RuntimeSpec Spec { get; init; } = new();

    /// <summary>The container's cgroup, found through the directories recorded at creation.</summary>
    public ICgroup OpenCgroup() => CgroupLayout.Detect().Reopen(CgroupPath, CgroupDirectories);
}
