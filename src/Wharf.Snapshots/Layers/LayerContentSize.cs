using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Layers;

/// <summary>
/// What Docker reports as a layer's size (moby's directory.Size over the layer's directory): the
/// bytes of every node that is not a directory — a file's content, a symlink's target — each inode
/// once, so a hard link adds nothing. Not the tar's length: headers and padding do not count.
/// </summary>
public static class LayerContentSize
{
    /// <summary>Walks <paramref name="directory"/> through descriptors, never following a symlink.</summary>
    public static long Measure(string directory)
    {
        int fd = Libc.Check(Libc.Open(directory, DirectoryTree.DirectoryFlags, 0), "open", directory);
        try
        {
            return Measure(fd);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    internal static long Measure(int root)
    {
        var seen = new HashSet<ulong>();
        return Sum(root, seen);
    }

    private static long Sum(int dirfd, HashSet<ulong> seen)
    {
        long size = 0;
        foreach (string name in DirectoryTree.List(dirfd))
        {
            var stat = Libc.LStatAt(dirfd, name);
            if (stat.FileType == Libc.S_IFDIR)
            {
                int fd = Libc.Check(Libc.Openat(dirfd, name, DirectoryTree.DirectoryFlags, 0), "openat", name);
                try
                {
                    size += Sum(fd, seen);
                }
                finally
                {
                    Libc.Close(fd);
                }
            }
            else if (stat.Size > 0 && seen.Add(stat.Ino)) // one file system: the inode number is enough
            {
                size += (long)stat.Size;
            }
        }
        return size;
    }
}
