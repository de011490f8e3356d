using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Init;

/// <summary>
/// Switches the mount namespace's root to the rootfs with pivot_root(".", ".") and detaches the
/// old root (runc's method: no put_old directory is needed inside the image).
/// </summary>
internal static class PivotRoot
{
    public static void Into(string rootfs)
    {
        int oldRoot = Check(Open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC, 0), "open", "/");
        int newRoot = Check(Open(rootfs, O_DIRECTORY | O_RDONLY | O_CLOEXEC, 0), "open", rootfs);
        try
        {
            Check(Fchdir(newRoot), "fchdir", rootfs);
            Check(Libc_PivotRoot(), "pivot_root", rootfs);
            // The old root is now stacked on "." : make it a slave so unmounting it cannot
            // propagate to the host, then detach it.
            Check(Fchdir(oldRoot), "fchdir", "/");
            Check(Mount(null, ".", null, MS_SLAVE | MS_REC, null), "mount", "old root");
            Check(Umount2(".", MNT_DETACH), "umount2", "old root");
            Check(Chdir("/"), "chdir", "/");
        }
        finally
        {
            Close(oldRoot);
            Close(newRoot);
        }
    }

    private static int Libc_PivotRoot() => Wharf.Linux.Interop.Libc.PivotRoot(".", ".");

    /// <summary>For a container sharing the host's mount namespace: pivot_root would move the host's root.</summary>
    public static void Chroot(string rootfs)
    {
        Check(Wharf.Linux.Interop.Libc.Chroot(rootfs), "chroot", rootfs);
        Check(Chdir("/"), "chdir", "/");
    }

    /// <summary>root.readonly: remount the (already bind-mounted) root read-only.</summary>
    public static void MakeReadonly() =>
        Check(Mount(null, "/", null, MS_BIND | MS_REMOUNT | MS_RDONLY, null), "remount", "/");
}
