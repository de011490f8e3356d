using Wharf.Linux.Interop;

namespace Wharf.Engine.Containers;

/// <summary>`docker diff`'s kinds, as the API numbers them.</summary>
public enum ChangeKind
{
    Modified = 0,
    Added = 1,
    Deleted = 2,
}

/// <summary>One line of `docker diff`: a path in the container and what happened to it.</summary>
public sealed record FilesystemChange(string Path, ChangeKind Kind);

/// <summary>
/// A container's changes read from its overlay layers: every entry of the upper (writable) directory is a
/// change — a whiteout (0/0 character device) a deletion, a name the lower layers also have a modification,
/// anything else an addition. Nothing is followed: the container wrote these trees.
/// </summary>
internal static class FilesystemChanges
{
    public static List<FilesystemChange> Read(string upper, IReadOnlyList<string> lowers)
    {
        var changes = new List<FilesystemChange>();
        Walk(new DirectoryInfo(upper), "", lowers, changes);
        changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return changes;
    }

    private static void Walk(DirectoryInfo directory, string prefix, IReadOnlyList<string> lowers, List<FilesystemChange> changes)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            string path = prefix + "/" + entry.Name;
            var kind = IsWhiteout(entry) ? ChangeKind.Deleted
                : lowers.Any(lower => Exists(System.IO.Path.Join(lower, path))) ? ChangeKind.Modified
                : ChangeKind.Added;
            changes.Add(new FilesystemChange(path, kind));
            if (kind != ChangeKind.Deleted && entry is DirectoryInfo { LinkTarget: null } child)
                Walk(child, path, lowers, changes);
        }
    }

    /// <summary>Present in a lower layer, as itself (a symlink is not followed).</summary>
    private static bool Exists(string path) => Libc.TryLStatAt(Libc.AT_FDCWD, path, out _);

    private static bool IsWhiteout(FileSystemInfo entry) =>
        Libc.TryLStatAt(Libc.AT_FDCWD, entry.FullName, out var stat)
        && stat.FileType == Libc.S_IFCHR && stat.RdevMajor == 0 && stat.RdevMinor == 0;
}
