using Wharf.Linux;
using Wharf.Linux.Interop;
using Wharf.Linux.Mounts;

namespace Wharf.Snapshots.Overlay;

/// <summary>Making and deleting snapshot directories, durably and without leaving the tree.</summary>
internal static class SnapshotDirectories
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute; // 0700
    private const UnixFileMode FsMode = Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute; // 0755: the container's "/" until a layer says otherwise

    /// <summary>Makes root and root/snapshots, both 0700.</summary>
    public static void CreateRoot(SnapshotLayout layout)
    {
        foreach (string directory in new[] { layout.Root, layout.Snapshots })
        {
            if (Directory.Exists(directory)) continue;
            Directory.CreateDirectory(directory);
            SetMode(directory, Private);
        }
    }

    /// <summary>
    /// Claims <paramref name="path"/> with mkdir(2), so an existing directory is noticed rather than
    /// reused. <paramref name="existing"/> is called once for a leftover, which it should remove.
    /// </summary>
    public static void Claim(string path, Action<string> existing)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (Libc.Mkdir(path, (uint)Private) == 0) break;
            var error = LinuxException.FromLastError("mkdir", path);
            if (error.Errno != Errno.EEXIST || attempt > 0) throw error;
            existing(path);
        }
        SetMode(path, Private);
    }

    public static void CreateFs(string path)
    {
        Libc.Check(Libc.Mkdir(path, (uint)FsMode), "mkdir", path);
        SetMode(path, FsMode); // mkdir(2) applies the umask
    }

    public static void CreateWork(string path)
    {
        Libc.Check(Libc.Mkdir(path, (uint)Private), "mkdir", path);
    }

    private static void SetMode(string path, UnixFileMode mode) =>
        Libc.Check(Libc.Chmod(path, (uint)mode), "chmod", path);

    /// <summary>fsync(2) of a directory, so the entries just made in it survive a power cut.</summary>
    public static void Sync(string directory)
    {
        int fd = Libc.Check(Libc.Open(directory, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", directory);
        try
        {
            Libc.Check(Libc.Fsync(fd), "fsync", directory);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// syncfs(2) of the file system holding <paramref name="directory"/>: every file written in it
    /// (and whatever else is dirty there) reaches the disk. One call instead of an fsync per file.
    /// </summary>
    public static void SyncFileSystem(string directory)
    {
        int fd = Libc.Check(Libc.Open(directory, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0), "open", directory);
        try
        {
            Libc.Check(Libc.Syncfs(fd), "syncfs", directory);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// Deletes a snapshot directory. Anything still mounted inside it is unmounted first, so the
    /// recursive delete can never walk into another filesystem. A missing directory is not an error.
    /// </summary>
    public static void Delete(string path)
    {
        if (!Directory.Exists(path)) return;
        MountSet.UnmountUnder(path);
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // already gone
        }
    }

    /// <summary><see cref="Delete"/> that reports failure instead of throwing: for leftovers, which are retried at the next open.</summary>
    public static bool TryDelete(string path)
    {
        try
        {
            Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LinuxException)
        {
            return false;
        }
    }
}
