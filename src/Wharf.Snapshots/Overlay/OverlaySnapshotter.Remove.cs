using Wharf.Core;

namespace Wharf.Snapshots.Overlay;

public sealed partial class OverlaySnapshotter
{
    public Task RemoveAsync(string key, CancellationToken cancellationToken = default) =>
        Exclusive(() => Remove(key), cancellationToken);

    private void Remove(string key)
    {
        SnapshotRecord record = _table.Get(key);
        IReadOnlyList<string> children = _table.ChildrenOf(key);
        if (children.Count > 0)
            throw WharfException.Conflict($"snapshot {key} is in use: it is the parent of {string.Join(", ", children)}");

        Save(_table.Without(key)); // commit point
        Step?.Invoke("remove.saved");
        SnapshotDirectories.Delete(_layout.DirectoryOf(record.Id));
    }
}
