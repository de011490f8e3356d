using System.IO.Enumeration;
using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Layers;

/// <summary>Directory work through descriptors, never following a symlink: listing and recursive removal.</summary>
internal static class DirectoryTree
{
    public const int DirectoryFlags = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;

    private static readonly EnumerationOptions AllEntries = new()
    {
        AttributesToSkip = 0, // dot files count as "hidden" to .NET; whiteouts are dot files
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>The path naming an open descriptor, for the calls that have no *at form (listing, l*xattr).</summary>
    public static string ProcPath(int fd) => $"/proc/self/fd/{fd}";

    public static string ProcPath(int dirfd, string name) => $"/proc/self/fd/{dirfd}/{name}";

    /// <summary>The names in the open directory <paramref name="fd"/>, sorted ordinally.</summary>
    public static List<string> List(int fd)
    {
        var names = new FileSystemEnumerable<string>(ProcPath(fd), (ref FileSystemEntry entry) => entry.FileName.ToString(), AllEntries).ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Removes the directory <paramref name="name"/> under <paramref name="dirfd"/> and all it holds; symlinks inside are removed, not followed.</summary>
    public static void Remove(int dirfd, string name)
    {
        int fd = Libc.Check(Libc.Openat(dirfd, name, DirectoryFlags, 0), "openat", name);
        try
        {
            foreach (string child in List(fd))
            {
                if (Libc.LStatAt(fd, child).FileType == Libc.S_IFDIR) Remove(fd, child);
                else Libc.Check(Libc.Unlinkat(fd, child, 0), "unlinkat", child);
            }
        }
        finally
        {
            Libc.Close(fd);
        }
        Libc.Check(Libc.Unlinkat(dirfd, name, Libc.AT_REMOVEDIR), "unlinkat", name);
    }
}
