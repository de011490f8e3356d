using System.Runtime.InteropServices;
using Wharf.Core;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Layers.Apply;

/// <summary>
/// The directory a layer is unpacked into, held open. Every entry's parent is reached from the
/// root descriptor one component at a time with O_NOFOLLOW|O_DIRECTORY, so no symlink is ever
/// followed and nothing outside the root can be reached: a component that is a symlink (planted
/// earlier in this layer) or not a directory is an error naming it. Symlinks of lower layers
/// cannot matter: each layer is applied into its own empty directory and only overlayfs stacks them.
/// </summary>
internal sealed class LayerTarget : IDisposable
{
    private readonly int _root;
    // The last parent reached: archives list siblings together, so most entries hit it. Removing
    // a directory forgets it when it lay inside; the parent being worked in is never inside.
    private string? _cachedPath;
    private int _cachedFd = -1;

    public LayerTarget(string directory)
    {
        _root = Libc.Check(Libc.Open(directory, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", directory);
    }

    /// <summary>The directory open as <paramref name="directoryFd"/> (reopened: the caller keeps its descriptor).</summary>
    public LayerTarget(int directoryFd)
    {
        _root = Libc.Check(Libc.Openat(directoryFd, ".", DirectoryTree.DirectoryFlags, 0), "openat", ".");
    }

    /// <summary>
    /// Set to the target's name as users know it (a path in a container) to refuse, as Docker's
    /// NoOverwriteDirNonDir does, an entry that would replace a directory with a non-directory or
    /// the other way round; null lets entries replace anything (layers).
    /// </summary>
    public string? KindChangeRefusedIn { get; init; }

    public int Root => _root;

    /// <summary>Whether an entry ever took the place of an earlier one (so sizes summed entry by entry overcount).</summary>
    public bool Replaced { get; private set; }

    /// <summary>
    /// The directory at <paramref name="components"/>, missing ones created 0755 when
    /// <paramref name="create"/>. Borrowed: valid until the next call to this method; do not close it.
    /// </summary>
    public int Directory(ReadOnlySpan<string> components, string entry, bool create = true)
    {
        if (components.IsEmpty) return _root;
        string path = LayerPath.Join(components);
        if (path == _cachedPath) return _cachedFd;
        int fd = Open(components, entry, create);
        CloseCached();
        (_cachedPath, _cachedFd) = (path, fd);
        return fd;
    }

    /// <summary>The existing directory at <paramref name="components"/>; the caller closes it.</summary>
    public int OpenExisting(ReadOnlySpan<string> components, string entry) => Open(components, entry, create: false);

    private int Open(ReadOnlySpan<string> components, string entry, bool create)
    {
        int fd = Libc.Check(Libc.Openat(_root, ".", DirectoryTree.DirectoryFlags, 0), "openat", ".");
        try
        {
            for (int i = 0; i < components.Length; i++)
            {
                int next = OpenChild(fd, components[i], create, components[..(i + 1)], entry);
                Libc.Close(fd);
                fd = next;
            }
            return fd;
        }
        catch
        {
            Libc.Close(fd);
            throw;
        }
    }

    private static int OpenChild(int dirfd, string name, bool create, ReadOnlySpan<string> path, string entry)
    {
        int fd = Libc.Openat(dirfd, name, DirectoryTree.DirectoryFlags, 0);
        if (fd >= 0) return fd;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.ENOENT && create)
        {
            Libc.Check(Libc.Mkdirat(dirfd, name, 0b111_101_101), "mkdirat", name);
            Libc.Check(Libc.Fchmodat(dirfd, name, 0b111_101_101, 0), "fchmodat", name); // mkdir applied the umask
            return Libc.Check(Libc.Openat(dirfd, name, DirectoryTree.DirectoryFlags, 0), "openat", name);
        }
        string shown = LayerPath.Join(path);
        // O_NOFOLLOW|O_DIRECTORY on a symlink fails ELOOP or ENOTDIR depending on the kernel: look.
        if (errno == Errno.ENOTDIR && Libc.TryLStatAt(dirfd, name, out var stat) && stat.FileType == Libc.S_IFLNK) errno = Errno.ELOOP;
        throw errno switch
        {
            Errno.ELOOP => LayerError.Entry(entry, $"path passes through the symlink \"{LayerError.Show(shown)}\""),
            Errno.ENOTDIR => LayerError.Entry(entry, $"\"{LayerError.Show(shown)}\" is not a directory"),
            Errno.ENOENT => LayerError.Entry(entry, $"\"{LayerError.Show(shown)}\" does not exist in this layer"),
            _ => new LinuxException("openat", shown, errno),
        };
    }

    /// <summary>
    /// Makes room for the entry at <paramref name="path"/> in <paramref name="dirfd"/> (its parent):
    /// whatever is there goes (a directory with all it holds), except a directory when
    /// <paramref name="keepDirectory"/>, which is then reused. Returns whether that happened.
    /// </summary>
    public bool Clear(int dirfd, ReadOnlySpan<string> path, bool keepDirectory)
    {
        string name = path[^1];
        if (!Libc.TryLStatAt(dirfd, name, out var existing)) return false;
        if (KindChangeRefusedIn is { } shown && (existing.FileType == Libc.S_IFDIR) != keepDirectory)
        {
            string where = shown.TrimEnd('/') + "/" + LayerPath.Join(path);
            throw existing.FileType == Libc.S_IFDIR
                ? WharfException.Invalid($"cannot overwrite directory \"{LayerError.Show(where)}\" with non-directory \"{LayerError.Show(shown)}\"")
                : WharfException.Invalid($"cannot overwrite non-directory \"{LayerError.Show(where)}\" with directory \"{LayerError.Show(shown)}\"");
        }
        if (existing.FileType != Libc.S_IFDIR)
        {
            Libc.Check(Libc.Unlinkat(dirfd, name, 0), "unlinkat", name);
            Replaced = true;
            return false;
        }
        if (keepDirectory) return true;
        Replaced = true;
        string removed = LayerPath.Join(path);
        if (_cachedPath is not null && (_cachedPath == removed || _cachedPath.StartsWith(removed + "/", StringComparison.Ordinal)))
            CloseCached();
        DirectoryTree.Remove(dirfd, name);
        return false;
    }

    private void CloseCached()
    {
        if (_cachedFd >= 0) Libc.Close(_cachedFd);
        (_cachedPath, _cachedFd) = (null, -1);
    }

    public void Dispose()
    {
        CloseCached();
        Libc.Close(_root);
    }
}
