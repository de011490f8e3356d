using Wharf.Core;
using Wharf.Linux.Mounts;

namespace Wharf.Snapshots.Overlay;

public sealed partial class OverlaySnapshotter
{
    public Task<IReadOnlyList<Mount>> PrepareAsync(string key, string? parent,
        IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default) =>
        Exclusive(() => Create(SnapshotKind.Active, key, parent, labels), cancellationToken);

    public Task<IReadOnlyList<Mount>> ViewAsync(string key, string? parent,
        IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default) =>
        Exclusive(() => Create(SnapshotKind.View, key, parent, labels), cancellationToken);

    private IReadOnlyList<Mount> Create(SnapshotKind kind, string key, string? parent, IReadOnlyDictionary<string, string>? labels)
    {
        CheckKey(key);
        if (_table.Contains(key))
            throw WharfException.Exists($"snapshot {key} already exists");
        IReadOnlyList<SnapshotRecord> parents = _table.ChainOf(parent);
        if (parents.Count > OverlayMounts.MaxLowerLayers)
            throw WharfException.Invalid(
                $"snapshot {key} would stack {parents.Count} layers; overlay stacks at most {OverlayMounts.MaxLowerLayers}");

        var record = new SnapshotRecord(_table.NextId, kind, parent, DateTimeOffset.UtcNow, Copy(labels));
        string directory = _layout.DirectoryOf(record.Id);
        // Ids at or past NextId have no record: a directory there is a leftover of a failed attempt.
        SnapshotDirectories.Claim(directory, SnapshotDirectories.Delete);
        Step?.Invoke("create.claimed");
        SnapshotDirectories.CreateFs(_layout.FsOf(record.Id));
        if (kind == SnapshotKind.Active)
            SnapshotDirectories.CreateWork(_layout.WorkOf(record.Id));
        SnapshotDirectories.Sync(directory);
        SnapshotDirectories.Sync(_layout.Snapshots);
        Step?.Invoke("create.made");

        Save(_table.With(key, record)); // commit point
        return OverlayMounts.For(_layout, record, parents);
    }
}
