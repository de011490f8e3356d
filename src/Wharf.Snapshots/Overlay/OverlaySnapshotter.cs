using Wharf.Core;

namespace Wharf.Snapshots.Overlay;

/// <summary>
/// <see cref="ISnapshotter"/> on overlayfs (see <see cref="SnapshotLayout"/> for the files under
/// its root). One process uses a root at a time: <see cref="Open"/> takes an exclusive lock on it,
/// held until <see cref="Dispose"/>. Within the process, operations run one at a time.
/// </summary>
/// <remarks>
/// Crash safety: the metadata file, replaced atomically, is the single commit point of every
/// operation; directories are made before the record that names them is written, and deleted only
/// after it is gone. So a kill at any point leaves the old or the new state plus, at worst, a
/// directory no record names (or a temp file of the metadata write), and <see cref="Cleanup"/>,
/// run by <see cref="Open"/>, deletes those. Per operation:
/// <list type="bullet">
/// <item>Prepare/View: mkdir snapshots/&lt;id&gt;, its fs (and work), fsync both directories → write
/// metadata with the record (commit point). Before it: an orphan directory.</item>
/// <item>Commit (and CommitOnto, which also sets the parent): syncfs of the snapshot's files →
/// write metadata with the record renamed and marked committed (commit point) →
/// delete the work directory. After it: a stray work directory, deleted by Cleanup.</item>
/// <item>Remove: write metadata without the record (commit point) → unmount anything left inside the
/// directory → delete it. After it: an orphan (possibly half-deleted) directory.</item>
/// </list>
/// Cancellation is honoured before an operation starts; once started, it runs to its end.
/// </remarks>
public sealed partial class OverlaySnapshotter : ISnapshotter, IDisposable
{
    private readonly SnapshotLayout _layout;
    private readonly RootLock _lock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SnapshotTable _table;
    private bool _disposed;

    private OverlaySnapshotter(SnapshotLayout layout, RootLock rootLock, SnapshotTable table)
    {
        _layout = layout;
        _lock = rootLock;
        _table = table;
    }

    /// <summary>The directory holding the lock, the metadata and the snapshots.</summary>
    public string Root => _layout.Root;

    /// <summary>Test hook: called with a step name at each crash point named in the remarks.</summary>
    internal Action<string>? Step { get; set; }

    /// <summary>
    /// Opens (creating if needed) the snapshot root: takes its lock (a Conflict when another
    /// process holds it), loads the metadata and runs <see cref="Cleanup"/>.
    /// </summary>
    public static OverlaySnapshotter Open(string root)
    {
        var layout = new SnapshotLayout(root);
        SnapshotDirectories.CreateRoot(layout);
        RootLock rootLock = RootLock.Acquire(layout.Lock, layout.Root);
        try
        {
            var snapshotter = new OverlaySnapshotter(layout, rootLock, SnapshotTable.Load(layout.Metadata));
            snapshotter.Cleanup();
            return snapshotter;
        }
        catch
        {
            rootLock.Dispose();
            throw;
        }
    }

    /// <summary>Waits for a running operation to finish, then releases the root's lock.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _lock.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs one operation alone, on the current table.</summary>
    private async Task<T> Exclusive<T>(Func<T> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            return operation();
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task Exclusive(Action operation, CancellationToken cancellationToken) =>
        Exclusive(() => { operation(); return true; }, cancellationToken);

    /// <summary>Writes the table, then makes it current: memory never runs ahead of the disk.</summary>
    private void Save(SnapshotTable table)
    {
        table.Save(_layout.Metadata);
        _table = table;
    }

    private static void CheckKey(string key, string what = "snapshot key")
    {
        if (string.IsNullOrWhiteSpace(key) || key.Contains('\0'))
            throw WharfException.Invalid($"invalid {what} \"{key}\": it must be non-empty text");
    }

    private static IReadOnlyDictionary<string, string> Copy(IReadOnlyDictionary<string, string>? labels) =>
        labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(labels);
}
