using Wharf.Core;

namespace Wharf.Snapshots.Overlay;

public sealed partial class OverlaySnapshotter
{
    public async Task CommitAsync(string name, string key,
        IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default)
    {
        await SyncAsync(key, cancellationToken).ConfigureAwait(false);
        await Exclusive(() => Commit(name, key, labels, onto: null), cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitOntoAsync(string name, string key, string? parent,
        IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default)
    {
        await SyncAsync(key, cancellationToken).ConfigureAwait(false);
        await Exclusive(() => Commit(name, key, labels, onto: new Onto(parent)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parent a commit stacks the snapshot on, when it is given at commit time.</summary>
    private sealed record Onto(string? Parent);

    private void Commit(string name, string key, IReadOnlyDictionary<string, string>? labels, Onto? onto)
    {
        CheckKey(name, "snapshot name");
        SnapshotRecord active = _table.Get(key);
        if (active.Kind != SnapshotKind.Active)
            throw WharfException.Invalid($"snapshot {key} is {Describe(active.Kind)}: only an active snapshot can be committed");
        if (_table.Contains(name))
            throw WharfException.Exists($"snapshot {name} already exists");
        string? parent = active.Parent;
        if (onto is not null)
        {
            if (active.Parent is not null)
                throw WharfException.Invalid($"snapshot {key} was prepared on {active.Parent}: only one prepared without a parent can be committed onto another");
            IReadOnlyList<SnapshotRecord> chain = _table.ChainOf(onto.Parent);
            if (chain.Count > OverlayMounts.MaxLowerLayers)
                throw WharfException.Invalid(
                    $"snapshot {name} would stack on {chain.Count} layers; overlay stacks at most {OverlayMounts.MaxLowerLayers}");
            parent = onto.Parent;
        }

        var committed = active with { Kind = SnapshotKind.Committed, Parent = parent, Labels = labels is null ? active.Labels : Copy(labels) };
        Save(_table.Without(key).With(name, committed)); // commit point
        Step?.Invoke("commit.saved");
        // A committed layer is only ever a lowerdir: overlay's workdir is no longer needed.
        SnapshotDirectories.TryDelete(_layout.WorkOf(committed.Id));
    }

    /// <summary>
    /// Writes the snapshot's files back to disk before its commit point, outside the gate so a big
    /// layer does not hold up other operations. A kill needs none of this (the page cache survives
    /// it); a power cut does.
    /// </summary>
    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        long id = await Exclusive(() => _table.Get(key).Id, cancellationToken).ConfigureAwait(false);
        await Task.Run(() => SnapshotDirectories.SyncFileSystem(_layout.FsOf(id)), cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(SnapshotKind kind) => kind switch
    {
        SnapshotKind.Active => "active",
        SnapshotKind.View => "a view",
        _ => "committed",
    };
}
