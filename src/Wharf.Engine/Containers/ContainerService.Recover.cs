using Wharf.Containers;
using Wharf.Core;
using Wharf.Shim;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// Brings the engine back after a restart (or a crash): loads every record, re-attaches to the shims of
    /// containers that kept running, learns the exit codes of those that ended meanwhile (the shim's exit.json,
    /// else Docker's 255), finishes interrupted removals, applies restart policies as dockerd does at startup,
    /// and clears what no record owns (shim state, container snapshots). Returns the problems it reported.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var load = await _store.LoadAllAsync(cancellationToken).ConfigureAwait(false);
        var notes = load.Problems.Select(p => p.ToString()).ToList();
        foreach (var record in load.Containers)
        {
            _names.Reserve(record.Name, record.Id);
            _containers[record.Id] = new LiveContainer(record, new ContainerPaths(_options, record.Id));
        }
        foreach (var live in _containers.Values.ToList())
        {
            try
            {
                await RecoverOneAsync(live, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WharfException or IOException or Wharf.Linux.LinuxException)
            {
                notes.Add($"container {live.Id}: {e.Message}");
            }
        }
        await CollectOrphansAsync(notes, cancellationToken).ConfigureAwait(false);
        return notes;
    }

    private async Task RecoverOneAsync(LiveContainer live, CancellationToken cancellationToken)
    {
        var record = live.Record;
        live.StopRequested = record.ManuallyStopped;
        switch (record.State.Status)
        {
            case ContainerStatus.Removing:
                await SaveAsync(live, record with { State = record.State with { Status = ContainerStatus.Exited } });
                await RemoveStoppedAsync(live, cancellationToken).ConfigureAwait(false);
                return;
            case ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting:
                var shim = new ShimClient(live.Paths.StateDirectory);
                if (record.State.Status != ContainerStatus.Restarting && shim.IsRunning)
                {
                    live.Shim = shim;
                    _ = MonitorAsync(live, shim);
                    return;
                }
                var exit = ShimClient.ReadRecordedExit(live.Paths.StateDirectory) ?? new ExitStatus(255, false, Now);
                if (record.State.Status == ContainerStatus.Restarting) exit = new ExitStatus(record.State.ExitCode, false, Now);
                live.Shim = null;
                await OnExitAsync(live, exit).ConfigureAwait(false);
                return;
            default:
                TryUnmount(live.Paths);
                // dockerd restarts "always" containers at startup even after a manual stop; "unless-stopped" not then.
                var policy = record.HostSettings.RestartPolicy;
                bool restart = policy?.Name == "always"
                    || RestartBackoff.ShouldRestart(policy, record.State.ExitCode, record.RestartCount, record.ManuallyStopped);
                if (restart && record.State.Status == ContainerStatus.Exited)
                {
                    await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        live.StopRequested = false;
                        await StartLockedAsync(live, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        live.Gate.Release();
                    }
                }
                return;
        }
    }

    /// <summary>Shim state directories and container snapshots that no record owns are leftovers of a crash.</summary>
    private async Task CollectOrphansAsync(List<string> notes, CancellationToken cancellationToken)
    {
        string states = Path.Combine(_options.ExecRoot, "containers");
        if (Directory.Exists(states))
        {
            foreach (string dir in Directory.GetDirectories(states))
            {
                string id = Path.GetFileName(dir);
                if (_containers.ContainsKey(id)) continue;
                var shim = new ShimClient(dir);
                if (shim.IsRunning)
                {
                    try { await shim.KillAsync(SigKill, all: true, cancellationToken).ConfigureAwait(false); }
                    catch (Exception e) when (e is ShimGoneException or WharfException or IOException) { }
                }
                try { Wharf.Linux.Mounts.MountSet.Unmount(Path.Combine(dir, "bundle", "rootfs")); }
                catch (Wharf.Linux.LinuxException e) { notes.Add(e.Message); continue; }
                TryDeleteDirectory(dir);
                notes.Add($"removed the leftover state of container {id}");
            }
        }
        foreach (var snapshot in await _snapshots.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!snapshot.Name.StartsWith("container-", StringComparison.Ordinal)) continue;
            if (_containers.ContainsKey(snapshot.Name["container-".Length..])) continue;
            await _snapshots.RemoveAsync(snapshot.Name, cancellationToken).ConfigureAwait(false);
            notes.Add($"removed the leftover snapshot {snapshot.Name}");
        }
    }
}
