using Wharf.Core;

namespace Wharf.Snapshots.Overlay;

public sealed partial class OverlaySnapshotter
{
    public Task CommitAsync(string name, string key,
        IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default) =>
        Exclusive(() => Commit(name, key, labels), cancellationToken);

    private void Commit(string name, string key, IReadOnlyDictionary<string, string>? labels)
    {
        CheckKey(name, "snapshot name");
        SnapshotRecord active = _table.Get(key);
        if (active.Kind != SnapshotKind.Active)
            throw WharfException.Invalid($"snapshot {key} is {Describe(active.Kind)}: only an active snapshot can be committed");
        if (_table.Contains(name))
            throw WharfException.Exists($"snapshot {name} already exists");

        var committed = active with { Kind = SnapshotKind.Committed, Labels = labels is null ? active.Labels : Copy(labels) };
        Save(_table.Without(key).With(name, committed)); // commit point
        Step?.Invoke("commit.saved");
        // A committed layer is only ever a lowerdir: overlay's workdir is no longer needed.
        SnapshotDirectories.TryDelete(_layout.WorkOf(committed.Id));
    }

    private static string Describe(SnapshotKind kind) => kind switch
    {
        SnapshotKind.Active => "active",
        SnapshotKind.View => "a view",
        _ => "committed",
    };
}
