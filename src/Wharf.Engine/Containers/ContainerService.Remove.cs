using Wharf.Containers;
using Wharf.Core;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// `docker rm`: refused for a running container unless forced (then it is killed first). The record
    /// goes first (one durable directory removal), then the snapshot and the shim's state: a crash
    /// part-way leaves no record, and recovery collects what no record owns.
    /// </summary>
    public async Task RemoveAsync(string idOrName, bool force, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        var status = live.Record.State.Status;
        if (status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting)
        {
            if (!force)
            {
                string verb = status == ContainerStatus.Paused ? "paused" : status == ContainerStatus.Restarting ? "restarting" : "running";
                string advice = status == ContainerStatus.Paused ? "Unpause and then stop the container before attempting removal or force remove"
                    : "stop the container before removing or force remove";
                throw WharfException.Conflict($"cannot remove container \"{live.Record.Name}\": container is {verb}: {advice}");
            }
            if (!await CancelRestartAsync(live).ConfigureAwait(false) && live.Shim is { } shim)
            {
                live.StopRequested = true;
                var exited = live.NextExit;
                await shim.KillAsync(SigKill, all: true, cancellationToken).ConfigureAwait(false);
                if (!await Finished(exited, KillGrace, cancellationToken).ConfigureAwait(false))
                    throw new WharfException(ErrorKind.Internal, $"could not kill container {live.Id}");
            }
        }
        await RemoveStoppedAsync(live, cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveStoppedAsync(LiveContainer live, CancellationToken cancellationToken)
    {
        await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_containers.ContainsKey(live.Id)) return; // removed meanwhile (e.g. --rm raced with rm -f)
            if (live.Record.State.Status is ContainerStatus.Running or ContainerStatus.Paused)
                throw WharfException.Conflict($"cannot remove container \"{live.Record.Name}\": container is running: stop the container before removing or force remove");
            // "removing" lives in memory only (ps shows it, a start waiting on the gate refuses): the
            // record's deletion below is the commit point, and nothing is deleted before it.
            var before = live.Record;
            live.Record = before with { State = before.State with { Status = ContainerStatus.Removing } };
            try
            {
                await _store.DeleteAsync(live.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                live.Record = before;
                throw;
            }
            // The snapshot goes before the container leaves memory: until then the image counts as used.
            await DiscardAsync(live.Id, live.Paths).ConfigureAwait(false);
            _containers.TryRemove(live.Id, out _);
            _names.Release(live.Record.Name, live.Id);
            foreach (var exec in _execs.Values.Where(e => e.ContainerId == live.Id).ToList())
                _execs.TryRemove(exec.Id, out _);
            Publish(live, "destroy");
            live.SignalRemoved(new ExitInfo(live.Record.State.ExitCode));
        }
        finally
        {
            live.Gate.Release();
        }
    }

    /// <summary>`--rm`: the container goes once it has exited (or failed to start).</summary>
    private async Task RemoveAfterExitAsync(LiveContainer live)
    {
        try
        {
            await RemoveStoppedAsync(live, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WharfException)
        {
            // Started again meanwhile: it is no longer ours to remove.
        }
    }

    /// <summary>`docker rename`.</summary>
    public async Task RenameAsync(string idOrName, string newName, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string oldName = live.Record.Name;
            string renamed = _names.Rename(live.Id, oldName, newName);
            try
            {
                await SaveAsync(live, live.Record with { Name = renamed }).ConfigureAwait(false);
            }
            catch
            {
                _names.Rename(live.Id, renamed, oldName);
                throw;
            }
            Publish(live, "rename", new Dictionary<string, string> { ["oldName"] = oldName });
        }
        finally
        {
            live.Gate.Release();
        }
    }
    /// <summary>`docker container prune`: removes every stopped container; returns their IDs.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(Func<Container, bool>? filter, CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        foreach (var live in _containers.Values.ToList())
        {
            var record = live.Record;
            if (record.State.Status is not (ContainerStatus.Exited or ContainerStatus.Created or ContainerStatus.Dead)) continue;
            if (filter is not null && !filter(record)) continue;
            try
            {
                await RemoveStoppedAsync(live, cancellationToken).ConfigureAwait(false);
                removed.Add(record.Id);
            }
            catch (WharfException)
            {
                // Started meanwhile: not prunable any more.
            }
        }
        return removed;
    }
}
