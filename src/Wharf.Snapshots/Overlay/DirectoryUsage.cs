using System.IO.Enumeration;

namespace Wharf.Snapshots.Overlay;

/// <summary>
/// Sums a directory tree without leaving it: symlinks are counted, never followed, and mount
/// points are not special-cased (snapshot directories hold none).
/// </summary>
internal static class DirectoryUsage
{
    public static SnapshotUsage Measure(string directory, CancellationToken cancellationToken)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        var entries = new FileSystemEnumerable<long>(directory,
            (ref FileSystemEntry entry) => entry.IsDirectory ? 0 : entry.Length, options)
        {
            ShouldRecursePredicate = (ref FileSystemEntry entry) =>
                entry.IsDirectory && (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        long size = 0, inodes = 1; // the directory itself
        foreach (long length in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            size += length;
            inodes++;
        }
        return new SnapshotUsage(size, inodes);
    }
}
