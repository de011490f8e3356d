using Wharf.Core;
using Wharf.Linux.Mounts;

namespace Wharf.Snapshots.Overlay;

public sealed partial class OverlaySnapshotter
{
    public Task<SnapshotInfo> StatAsync(string key, CancellationToken cancellationToken = default) =>
        Exclusive(() => _table.Get(key).ToInfo(key), cancellationToken);

    public Task<IReadOnlyList<Mount>> MountsAsync(string key, CancellationToken cancellationToken = default) =>
        Exclusive(() =>
        {
            SnapshotRecord record = _table.Get(key);
            if (record.Kind == SnapshotKind.Committed)
                throw WharfException.Invalid($"snapshot {key} is committed: mount it through an active snapshot or a view on it");
            return OverlayMounts.For(_layout, record, _table.ChainOf(record.Parent));
        }, cancellationToken);

    public Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        Exclusive<IReadOnlyList<SnapshotInfo>>(() => _table.Snapshots
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => s.Value.ToInfo(s.Key))
            .ToList(), cancellationToken);

    public async Task<SnapshotUsage> UsageAsync(string key, CancellationToken cancellationToken = default)
    {
        long id = await Exclusive(() => _table.Get(key).Id, cancellationToken).ConfigureAwait(false);
        // The walk runs outside the gate so a big layer does not hold up other operations.
        try
        {
            return await Task.Run(() => DirectoryUsage.Measure(_layout.FsOf(id), cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DirectoryNotFoundException)
        {
            throw WharfException.NotFound($"snapshot {key} does not exist");
        }
    }
}
