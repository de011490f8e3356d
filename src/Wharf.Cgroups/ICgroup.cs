using Wharf.Core.Oci;

namespace Wharf.Cgroups;

/// <summary>
/// A container's cgroup: the same path in every mounted hierarchy (each v1 controller mount, or the one v2 mount).
/// </summary>
/// <remarks>
/// Lifecycle, as an OCI runtime drives it:
/// <list type="number">
/// <item><see cref="CgroupLayout.Open"/> resolves the path; it touches nothing on disk.</item>
/// <item><see cref="Create"/> makes the directories (an existing cgroup is joined, not an error).</item>
/// <item><see cref="Apply"/> writes <c>linux.resources</c>, before the container process runs user code, so
/// device rules and limits hold from the first instruction. It may be called again later to update limits.</item>
/// <item><see cref="AddProcess"/> moves the container's init (and later each exec'd process) in; children it forks
/// inherit the cgroup.</item>
/// <item>While running: <see cref="Freeze"/>/<see cref="Thaw"/> (pause/resume), <see cref="Pids"/>,
/// <see cref="Stats"/>, <see cref="State"/>.</item>
/// <item>After every process is dead (killed and reaped): <see cref="Delete"/>. Delete is idempotent and
/// tolerates half-made cgroups, so it is also the cleanup when any earlier step fails.</item>
/// </list>
/// All members are synchronous: cgroupfs reads and writes are in-kernel operations that do not block on a disk, and
/// the runtime calls them from its one dedicated thread. Only <see cref="Freeze"/> and <see cref="Delete"/> wait, and
/// only briefly (bounded), for the kernel to finish freezing or for exiting processes to leave.
/// Failures are <see cref="Wharf.Core.WharfException"/>s that name the file and the value.
/// An instance holds no open handles and needs no disposal.
/// </remarks>
public interface ICgroup
{
    /// <summary>The cgroups path this cgroup was opened with, cleaned (e.g. <c>/docker/abc</c>).</summary>
    string Path { get; }

    /// <summary>The cgroup's directory in each hierarchy it spans.</summary>
    IReadOnlyList<CgroupDirectory> Directories { get; }

    /// <summary>True while the directory exists in at least one hierarchy (so <see cref="Delete"/> has work to do).</summary>
    bool Exists { get; }

    /// <summary>The freezer state; <see cref="FreezerState.Thawed"/> when the cgroup or its freezer does not exist.</summary>
    FreezerState State { get; }

    /// <summary>Creates the directory in every hierarchy (and missing parents). For v1 cpuset, empty
    /// <c>cpuset.cpus</c>/<c>cpuset.mems</c> are copied from the parent; on v2, the parents' controllers are enabled in
    /// <c>cgroup.subtree_control</c>. If this throws, call <see cref="Delete"/> to remove what was made.</summary>
    void Create();

    /// <summary>Writes the OCI resources (memory, cpu, cpuset, pids, block I/O weight, v1 device rules, v2
    /// <c>unified</c> keys). Unset fields are left alone.</summary>
    void Apply(LinuxResources resources);

    /// <summary>Moves a process (all its threads) into the cgroup in every hierarchy.</summary>
    void AddProcess(int pid);

    /// <summary>Freezes every process in the cgroup and returns once the kernel reports it frozen.</summary>
    void Freeze();

    /// <summary>Resumes the processes of a frozen cgroup.</summary>
    void Thaw();

    /// <summary>Every process in the cgroup, including its sub-cgroups; empty when it does not exist.</summary>
    IReadOnlyList<int> Pids();

    /// <summary>Reads usage counters and limits. Throws <see cref="Wharf.Core.ErrorKind.NotFound"/> when the
    /// cgroup does not exist.</summary>
    CgroupStats Stats();

    /// <summary>Removes the directory (and any sub-cgroups) from every hierarchy. Directories that are already
    /// gone are fine; while processes are still exiting, rmdir is retried briefly before it fails.</summary>
    void Delete();
}
