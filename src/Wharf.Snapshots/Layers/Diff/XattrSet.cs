using Wharf.Core;
using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Layers.Diff;

/// <summary>A node's xattrs for its tar entry: sorted by name, overlayfs's own trusted.overlay.* left out.</summary>
internal static class XattrSet
{
    /// <summary>For a node reached by path (never followed at the end).</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Read(string path, string shownPath) =>
        Collect(Libc.LListXattr(path), name => Libc.LGetXattr(path, name), shownPath);

    /// <summary>For an open directory.</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Read(int fd) =>
        Collect(Libc.FListXattr(fd), name => Libc.FGetXattr(fd, name), null);

    private static List<KeyValuePair<string, byte[]>> Collect(List<string> names, Func<string, byte[]?> get, string? shownPath)
    {
        names.Sort(StringComparer.Ordinal);
        var xattrs = new List<KeyValuePair<string, byte[]>>();
        foreach (string name in names)
        {
            if (name is "trusted.overlay.metacopy" or "trusted.overlay.redirect")
                // The data or the old name lives in a lower layer: the upper dir alone is not the diff.
                throw new WharfException(ErrorKind.Internal, $"{shownPath ?? "a directory"} carries {name}: layer diffs need overlayfs metacopy and redirect_dir off");
            if (Whiteout.IsOverlayXattr(name)) continue;
            if (get(name) is { } value) xattrs.Add(new(name, value));
        }
        return xattrs;
    }
}
