using Wharf.Cgroups;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux.Interop;
using Wharf.Linux.Processes;
using Wharf.Runtime.Hooks;
using Wharf.Runtime.Process;
using Wharf.Runtime.State;

namespace Wharf.Runtime;

/// <summary>
/// The OCI runtime operations on containers kept in one state root: what `wharf-runtime`'s
/// commands call. Creation and exec live in <see cref="ContainerLauncher"/> and
/// <see cref="ExecLauncher"/>; this type answers for state and lifecycle afterwards.
/// </summary>
public sealed class ContainerRuntime(StateStore store)
{
    public StateStore Store => store;

    public ContainerStatus StatusOf(ContainerRecord record)
    {
        if (!IsInitAlive(record)) return ContainerStatus.Stopped;
        if (File.Exists(store.ExecFifoOf(record.Id))) return ContainerStatus.Created;
        try
        {
            if (Cgroup(record).State == FreezerState.Frozen) return ContainerStatus.Paused;
        }
        catch (WharfException)
        {
            // no freezer: cannot be paused
        }
        return ContainerStatus.Running;
    }

    public bool IsInitAlive(ContainerRecord record)
    {
        if (record.InitPid <= 0) return false;
        var stat = ProcessStat.Read(record.InitPid);
        return stat is { IsZombieOrDead: false } s && s.StartTime == record.InitStartTime;
    }

    public ContainerStateDocument State(string id)
    {
        var record = store.Load(id);
        return StateDocumentOf(record, StatusOf(record)) with { OomKilled = OomKilled(record) ? true : null };
    }

    /// <summary>Whether the OOM killer struck in the container's cgroup (false without a memory controller).</summary>
    public static bool OomKilled(ContainerRecord record)
    {
        try
        {
            return record.OpenCgroup().Stats().OomKills > 0;
        }
        catch (WharfException)
        {
            return false; // no memory controller, or the cgroup is gone
        }
    }

    private static ContainerStateDocument StateDocumentOf(ContainerRecord record, ContainerStatus status) => new()
    {
        Id = record.Id,
        Status = status.ToOci(),
        Pid = status == ContainerStatus.Stopped ? 0 : record.InitPid,
        Bundle = record.Bundle,
        Annotations = record.Spec.Annotations,
    };

    public void Start(string id)
    {
        var record = store.Load(id);
        var status = StatusOf(record);
        if (status != ContainerStatus.Created)
            throw WharfException.Conflict(status == ContainerStatus.Stopped
                ? "cannot start a container that has stopped"
                : $"cannot start an already {status.ToOci()} container");
        ExecFifo.Release(store.DirectoryOf(id), () => IsInitAlive(record));
        RunPoststart(record);
    }

    /// <summary>After the user process started (`start`, or `run` once the init exec'd).</summary>
    public void RunPoststart(ContainerRecord record) =>
        HookRunner.RunWarnOnFailure("poststart", record.Spec.Hooks?.Poststart, StateDocumentOf(record, ContainerStatus.Running));

    public void Kill(string id, int signal, bool all)
    {
        var record = store.Load(id);
        var status = StatusOf(record);
        if (status == ContainerStatus.Stopped && !all)
            throw WharfException.Conflict("container not running");
        if (all)
        {
            foreach (int pid in Cgroup(record).Pids()) Libc.Kill(pid, signal);
            return;
        }
        Libc.Check(Libc.Kill(record.InitPid, signal), "kill");
    }

    public void Delete(string id, bool force)
    {
        ContainerRecord record;
        try
        {
            record = store.Load(id);
        }
        catch (WharfException e) when (e.Kind == ErrorKind.NotFound && force)
        {
            // As runc: forcing the delete of a container that is not there is not an error, and
            // it clears a state directory left by a creation that never finished.
            store.Remove(id);
            return;
        }
        Delete(record, force);
    }

    /// <summary>Deletes a container whose record the caller already holds (`run`, when its process exited).</summary>
    public void Delete(ContainerRecord record, bool force)
    {
        string id = record.Id;
        var status = StatusOf(record);
        if (status is ContainerStatus.Running or ContainerStatus.Paused && !force)
            throw WharfException.Conflict($"cannot delete container {id} that is not stopped: {status.ToOci()}");

        var cgroup = Cgroup(record);
        if (status != ContainerStatus.Stopped)
        {
            // Every process of the container, not only init: a frozen cgroup must thaw to die.
            foreach (int pid in cgroup.Pids()) Libc.Kill(pid, Libc.SIGKILL);
            if (status == ContainerStatus.Paused) cgroup.Thaw();
            Libc.Kill(record.InitPid, Libc.SIGKILL);
            WaitUntilDead(record);
        }
        cgroup.Delete();
        store.Remove(id);
        HookRunner.RunWarnOnFailure("poststop", record.Spec.Hooks?.Poststop, StateDocumentOf(record, ContainerStatus.Stopped));
    }

    public void Pause(string id)
    {
        var record = store.Load(id);
        if (StatusOf(record) is not (ContainerStatus.Running or ContainerStatus.Created))
            throw WharfException.Conflict("container not running");
        Cgroup(record).Freeze();
    }

    public void Resume(string id)
    {
        var record = store.Load(id);
        if (StatusOf(record) != ContainerStatus.Paused)
            throw WharfException.Conflict("container not paused");
        Cgroup(record).Thaw();
    }

    /// <summary>Every process of the container (its cgroup's members), for `ps`.</summary>
    public IReadOnlyList<int> Processes(string id)
    {
        var record = store.Load(id);
        if (StatusOf(record) == ContainerStatus.Stopped) return [];
        return Cgroup(record).Pids();
    }

    /// <summary>Resource usage read from the container's cgroup, for `events --stats`.</summary>
    public CgroupStats Stats(string id) => Cgroup(store.Load(id)).Stats();

    /// <summary>
    /// Applies new limits to a live container and keeps them in its record, so later reads of
    /// the config (exec, a re-attaching daemon) see what is in force.
    /// </summary>
    public void Update(string id, LinuxResources resources)
    {
        var record = store.Load(id);
        if (StatusOf(record) == ContainerStatus.Stopped)
            throw WharfException.Conflict($"cannot update container {id}: it is stopped");
        Cgroup(record).Apply(resources);
        var linux = record.Spec.Linux ?? new LinuxSpec();
        var merged = Merge(linux.Resources ?? new LinuxResources(), resources);
        store.Save(record with { Spec = record.Spec with { Linux = linux with { Resources = merged } } });
    }

    private static LinuxResources Merge(LinuxResources current, LinuxResources update) => current with
    {
        Memory = update.Memory ?? current.Memory,
        Cpu = update.Cpu ?? current.Cpu,
        Pids = update.Pids ?? current.Pids,
        BlockIO = update.BlockIO ?? current.BlockIO,
        Unified = update.Unified ?? current.Unified,
    };

    private static ICgroup Cgroup(ContainerRecord record) => record.OpenCgroup();

    private void WaitUntilDead(ContainerRecord record)
    {
        // The init is not our child (create returned long ago), so it cannot be reaped here: a
        // pidfd tells when it has died.
        if (IsInitAlive(record)) ChildSpawner.WaitForExit(record.InitPid, TimeSpan.FromSeconds(10));
    }
}
