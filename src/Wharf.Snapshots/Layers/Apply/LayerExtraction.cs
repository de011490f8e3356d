using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Layers.Apply;

/// <summary>
/// Applies tar entries, one at a time, to a <see cref="LayerTarget"/>. An entry replaces whatever
/// an earlier entry left at its name (a directory over a directory is merged), so nothing is ever
/// written through an existing symlink or hard link: files are created O_EXCL|O_NOFOLLOW.
/// </summary>
internal sealed partial class LayerExtraction(LayerTarget target, LayerTarReader reader, LayerLimits limits, ExtractionRules? rules = null)
{
    private readonly ExtractionRules _rules = rules ?? ExtractionRules.Layer;

    // Set last: creating entries inside a directory moves its mtime.
    private readonly Dictionary<string, (string[] Path, TarTime Time)> _directoryTimes = new(StringComparer.Ordinal);

    /// <summary>
    /// Docker's size of the layer (see <see cref="LayerContentSize"/>), summed entry by entry: files'
    /// content and symlinks' targets. Exact unless an entry replaced another (<see cref="LayerTarget.Replaced"/>).
    /// </summary>
    public long ContentSize { get; private set; }

    public async ValueTask ApplyAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (_rules.Owner is { } owner) entry = entry with { Uid = owner.Uid, Gid = owner.Gid };
        string[] path = LayerPath.Clean(entry.Name, entry.Name, "name", limits);
        if (path.Length == 0)
        {
            // The root's own entry ("./") is ignored, as containerd does: the snapshot owns its root.
            if (entry.Kind == TarEntryKind.Directory) return;
            throw LayerError.Entry(entry.Name, "a non-directory entry names the layer root");
        }
        if (_rules.Whiteouts && path[^1].StartsWith(Whiteout.Prefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(entry, path);
            return;
        }
        int parent = target.Directory(path.AsSpan(0, path.Length - 1), entry.Name);
        switch (entry.Kind)
        {
            case TarEntryKind.RegularFile:
                await WriteFileAsync(entry, parent, path, cancellationToken).ConfigureAwait(false);
                ContentSize += entry.Size;
                break;
            case TarEntryKind.Directory:
                MakeDirectory(entry, parent, path);
                break;
            case TarEntryKind.SymbolicLink:
                MakeSymlink(entry, parent, path);
                ContentSize += System.Text.Encoding.UTF8.GetByteCount(entry.LinkName);
                break;
            case TarEntryKind.HardLink:
                MakeHardLink(entry, parent, path);
                break;
            case TarEntryKind.CharacterDevice or TarEntryKind.BlockDevice or TarEntryKind.Fifo:
                MakeNode(entry, parent, path);
                break;
            default:
                throw LayerError.Entry(entry.Name, $"unsupported entry kind {entry.Kind}");
        }
    }

    /// <summary>Gives every directory the layer listed its mtime, now that its contents are written.</summary>
    public void SetDirectoryTimes()
    {
        foreach (var key in _directoryTimes.Keys.Order(StringComparer.Ordinal))
        {
            var (path, time) = _directoryTimes[key];
            int parent;
            try
            {
                parent = target.Directory(path.AsSpan(0, path.Length - 1), key, create: false);
            }
            catch (WharfException)
            {
                continue; // a later entry replaced an ancestor; that entry's times stand
            }
            string name = path[^1];
            if (!Libc.TryLStatAt(parent, name, out var stat) || stat.FileType != Libc.S_IFDIR) continue;
            Libc.SetTimesAt(parent, name, Timespec(time), Timespec(time), Libc.AT_SYMLINK_NOFOLLOW);
        }
    }
}
