using System.Globalization;
using Wharf.Core;

namespace Wharf.Snapshots.Overlay;

/// <summary>
/// Where the overlay snapshotter keeps things under its root:
/// <code>
/// root/lock                 held (flock) by the one process using the root
/// root/metadata.json        key -> id, kind, parent, created, labels; next id
/// root/snapshots/&lt;id&gt;/fs    the snapshot's own layer (overlay upperdir, or a lowerdir once committed)
/// root/snapshots/&lt;id&gt;/work  overlay's workdir (active snapshots only)
/// </code>
/// Ids are short decimal numbers, never reused, so that lowerdir lists stay short and a directory
/// named N can only belong to the record with id N.
/// </summary>
internal sealed class SnapshotLayout
{
    public const string MetadataFileName = "metadata.json";

    public SnapshotLayout(string root)
    {
        string full = Path.GetFullPath(root);
        // overlay's option parser splits on ',' and ':' (and treats '\' as an escape): keep them out of every path.
        if (full.IndexOfAny([',', ':', '\\']) >= 0)
            throw WharfException.Invalid($"snapshot root {full} must not contain ',', ':' or '\\' (overlay mount options cannot carry them)");
        Root = full.Length > 1 ? full.TrimEnd('/') : full;
    }

    public string Root { get; }
    public string Snapshots => Path.Join(Root, "snapshots");
    public string Metadata => Path.Join(Root, MetadataFileName);
    public string Lock => Path.Join(Root, "lock");

    public string DirectoryOf(long id) => Path.Join(Snapshots, id.ToString(CultureInfo.InvariantCulture));
    public string FsOf(long id) => Path.Join(DirectoryOf(id), "fs");
    public string WorkOf(long id) => Path.Join(DirectoryOf(id), "work");

    /// <summary>A snapshot directory's name as an id: decimal digits, no sign, no leading zero.</summary>
    public static bool TryParseId(string name, out long id)
    {
        id = 0;
        return name.Length is > 0 and <= 18 && name[0] != '0' && name.All(char.IsAsciiDigit)
            && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
