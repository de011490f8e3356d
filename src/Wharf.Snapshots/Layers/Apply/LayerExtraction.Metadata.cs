using Wharf.Linux;
using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Layers.Apply;

/// <summary>
/// Owner, xattrs, mode and times, in containerd's order: chown first (it clears setuid/setgid and
/// security.capability), then xattrs, then the mode (explicit, so no umask), then the times.
/// </summary>
internal sealed partial class LayerExtraction
{
    /// <summary>For a regular file or directory held open.</summary>
    private static void SetMetadata(int fd, TarEntry entry)
    {
        Libc.Check(Libc.Fchown(fd, entry.Uid, entry.Gid), "fchown", entry.Name);
        foreach (var (name, value) in entry.Xattrs)
        {
            if (Whiteout.IsOverlayXattr(name)) continue;
            Tolerate(name, () => Libc.SetXattr(fd, name, value));
        }
        Libc.Check(Libc.Fchmod(fd, entry.Mode), "fchmod", entry.Name);
    }

    /// <summary>For a symlink, device or FIFO, which are never opened (a FIFO would block, a device act).</summary>
    private static void SetMetadataAt(int parent, string name, TarEntry entry, bool isSymlink)
    {
        Libc.Check(Libc.Fchownat(parent, name, entry.Uid, entry.Gid, Libc.AT_SYMLINK_NOFOLLOW), "fchownat", entry.Name);
        foreach (var (key, value) in entry.Xattrs)
        {
            if (Whiteout.IsOverlayXattr(key)) continue;
            // No *at form for xattrs: the parent's descriptor path, and lsetxattr keeps the final name unfollowed.
            Tolerate(key, () => Libc.LSetXattr(DirectoryTree.ProcPath(parent, name), key, value));
        }
        // fchmodat would follow a symlink (and symlink modes mean nothing); anything else was just made here.
        if (!isSymlink) Libc.Check(Libc.Fchmodat(parent, name, entry.Mode, 0), "fchmodat", entry.Name);
        Libc.SetTimesAt(parent, name, Timespec(entry.ModTime), Timespec(entry.ModTime), Libc.AT_SYMLINK_NOFOLLOW);
    }

    // overlayfs's own trusted.overlay.* attributes (redirect, origin, metacopy) are skipped above:
    // from a tar they would steer the mount. Opaque directories come as .wh..wh..opq instead.

    /// <summary>Xattrs the file system cannot hold are skipped, as containerd does (ENOTSUP; EPERM for security.*).</summary>
    private static void Tolerate(string name, Action set)
    {
        try
        {
            set();
        }
        catch (LinuxException e) when (e.Errno == Libc.EOPNOTSUPP
            || (e.Errno == Errno.EPERM && name.StartsWith("security.", StringComparison.Ordinal)))
        {
        }
    }

    private static Libc.Timespec Timespec(TarTime time) => new() { Seconds = time.Seconds, Nanoseconds = time.Nanoseconds };
}
