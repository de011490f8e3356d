namespace Wharf.Snapshots.Overlay;

public sealed partial class OverlaySnapshotter
{
    /// <summary>
    /// Brings the root back to a consistent state after a crash; run by <see cref="Open"/>, and
    /// idempotent, so a crash during cleanup is repaired by the next one. In order:
    /// <list type="number">
    /// <item>delete temp files of interrupted metadata writes;</item>
    /// <item>drop records whose fs directory is missing, with every snapshot stacked on them (their
    /// layer chain is broken), and save the metadata;</item>
    /// <item>delete directories under snapshots/ that no record names (unmounting anything inside
    /// them first): half-made or half-removed snapshots;</item>
    /// <item>delete work directories left in committed snapshots by an interrupted commit.</item>
    /// </list>
    /// Active snapshots are kept: a container's writable layer outlives a restart, and whoever made
    /// a temporary one decides when it goes.
    /// </summary>
    internal void Cleanup()
    {
        foreach (string temp in Directory.EnumerateFiles(_layout.Root, $".{SnapshotLayout.MetadataFileName}.*.tmp"))
            File.Delete(temp);

        IReadOnlyList<string> broken = BrokenSnapshots(_table);
        if (broken.Count > 0)
            Save(_table.Without(broken));

        var known = _table.Snapshots.Values.Select(r => r.Id).ToHashSet();
        foreach (string directory in Directory.EnumerateFileSystemEntries(_layout.Snapshots))
        {
            if (SnapshotLayout.TryParseId(Path.GetFileName(directory), out long id) && known.Contains(id)) continue;
            if (Directory.Exists(directory) && !File.GetAttributes(directory).HasFlag(FileAttributes.ReparsePoint))
                SnapshotDirectories.TryDelete(directory); // one that resists is retried at the next open
            else
                File.Delete(directory);
        }

        foreach (SnapshotRecord record in _table.Snapshots.Values.Where(r => r.Kind == SnapshotKind.Committed))
            SnapshotDirectories.TryDelete(_layout.WorkOf(record.Id));
    }

    /// <summary>Keys of records with no fs directory, or whose parent is missing or broken.</summary>
    private IReadOnlyList<string> BrokenSnapshots(SnapshotTable table)
    {
        var broken = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string key, SnapshotRecord record) in table.Snapshots)
        {
            if (!Directory.Exists(_layout.FsOf(record.Id)) || (record.Parent is not null && !table.Contains(record.Parent)))
                broken.Add(key);
        }
        // Stacked on a broken snapshot is broken too: repeat until nothing changes.
        bool grew = broken.Count > 0;
        while (grew)
        {
            grew = false;
            foreach ((string key, SnapshotRecord record) in table.Snapshots)
            {
                if (record.Parent is not null && broken.Contains(record.Parent) && broken.Add(key))
                    grew = true;
            }
        }
        return broken.Order(StringComparer.Ordinal).ToList();
    }
}
