using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Wharf.Linux.Interop;

namespace Wharf.Linux.Mounts;

/// <summary>
/// Mounts a list of <see cref="Mount"/>s (what a snapshotter returns) on a directory, in order,
/// and takes them off again. A failure part-way unmounts what was already mounted.
/// </summary>
public static class MountSet
{
    /// <summary>Guards against a loop on a target the kernel keeps reporting as mounted.</summary>
    private const int MaxStacked = 1024;

    /// <summary>Mounts each of <paramref name="mounts"/> on <paramref name="target"/> (which must exist), in order.</summary>
    public static void MountAll(IReadOnlyList<Mount> mounts, string target)
    {
        target = Path.GetFullPath(target);
        var mounted = new List<string>(mounts.Count);
        try
        {
            foreach (Mount mount in mounts)
            {
                string at = TargetOf(mount, target);
                MountOne(mount, at);
                mounted.Add(at);
            }
        }
        catch
        {
            // Take off only what this call put on, once each: the target may have had mounts before.
            for (int i = mounted.Count - 1; i >= 0; i--)
                TakeOff(mounted[i]);
            throw;
        }
    }

    /// <summary>
    /// Unmounts everything stacked on <paramref name="target"/>; a busy mount is detached (lazy
    /// unmount). A target that is not (or no longer) mounted, or does not exist, is not an error.
    /// </summary>
    public static void Unmount(string target)
    {
        target = Path.GetFullPath(target);
        for (int i = 0; i < MaxStacked; i++)
        {
            if (Libc.Umount2(target, Libc.UMOUNT_NOFOLLOW) == 0) continue;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EBUSY)
            {
                if (Libc.Umount2(target, Libc.MNT_DETACH | Libc.UMOUNT_NOFOLLOW) == 0) continue;
                errno = Marshal.GetLastPInvokeError();
            }
            if (errno is Errno.EINVAL or Errno.ENOENT) return; // not a mount point (any more)
            throw new LinuxException("umount2", target, errno);
        }
        throw new LinuxException("umount2", target, Errno.EBUSY);
    }

    /// <summary>Unmounts every mount point at or below <paramref name="path"/>, deepest first.</summary>
    public static void UnmountUnder(string path)
    {
        foreach (string point in MountTable.MountPointsUnder(path))
            Unmount(point);
    }

    private static string TargetOf(Mount mount, string target)
    {
        if (string.IsNullOrEmpty(mount.Target) || mount.Target == "/") return target;
        string relative = mount.Target.TrimStart('/');
        if (relative.Split('/').Contains(".."))
            throw new ArgumentException($"mount target {mount.Target} leaves {target}");
        return Path.Join(target, relative);
    }

    private static void MountOne(Mount mount, string target)
    {
        var flags = MountOptions.Parse(mount.Options);
        if (mount.IsBind)
            Bind(mount.Source, target, flags);
        else if (mount.Type == "overlay")
            Overlay(mount.Source, target, flags);
        else
            Libc.Check(Libc.Mount(mount.Source, target, mount.Type, flags.Flags, Data(flags)), "mount", target);

        foreach (ulong propagation in flags.Propagation)
            Checked(() => Libc.Mount(null, target, null, propagation, null), target);
    }

    private static void Bind(string source, string target, MountOptions flags)
    {
        Libc.Check(Libc.Mount(source, target, null, Libc.MS_BIND | (flags.Flags & Libc.MS_REC), null), "mount", target);
        // mount(2) ignores every flag but MS_REC on a new bind mount: "ro" and friends need a remount.
        ulong remount = flags.RemountFlags;
        if (remount != 0)
            Checked(() => Libc.Mount(null, target, null, remount | Libc.MS_BIND | Libc.MS_REMOUNT, null), target);
    }

    private static void Overlay(string source, string target, MountOptions flags)
    {
        (string data, string? directory) = OverlayData.Fit(flags.Data, target);
        if (directory is null)
            Libc.Check(Libc.Mount(source, target, "overlay", flags.Flags, data), "mount", target);
        else
            MountFrom(directory, source, target, flags.Flags, data);
    }

    /// <summary>
    /// Mounts overlay with relative lowerdirs from <paramref name="directory"/>. The working
    /// directory belongs to the process, so the chdir happens on a short-lived thread that first
    /// takes a private copy of it (unshare(CLONE_FS)); the rest of the process never sees it move.
    /// </summary>
    private static void MountFrom(string directory, string source, string target, ulong flags, string data)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Libc.Check(Libc.Unshare(Libc.CLONE_FS), "unshare(CLONE_FS)");
                Libc.Check(Libc.Chdir(directory), "chdir", directory);
                Libc.Check(Libc.Mount(source, target, "overlay", flags, data), "mount", target);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, maxStackSize: 256 * 1024) { Name = "wharf overlay mount", IsBackground = true };
        thread.Start();
        thread.Join();
        failure?.Throw();
    }

    private static string? Data(MountOptions flags) => flags.Data.Length == 0 ? null : flags.Data;

    /// <summary>A follow-up call on a mount just made: on failure, the mount is taken off again.</summary>
    private static void Checked(Func<int> call, string target)
    {
        if (call() == 0) return;
        var error = LinuxException.FromLastError("mount", target);
        TakeOff(target);
        throw error;
    }

    /// <summary>Removes the topmost mount on <paramref name="target"/>, best effort (the caller is already failing).</summary>
    private static void TakeOff(string target)
    {
        if (Libc.Umount2(target, Libc.UMOUNT_NOFOLLOW) != 0)
            Libc.Umount2(target, Libc.MNT_DETACH | Libc.UMOUNT_NOFOLLOW);
    }
}
