namespace Wharf.Linux.Interop;

public static partial class Libc
{
    /// <summary>umount2(2): do not dereference a symlink as the target.</summary>
    public const int UMOUNT_NOFOLLOW = 8;

    /// <summary>errno for a write to a read-only filesystem.</summary>
    public const int EROFS = 30;

    /// <summary>The table of the calling process's mounts, in the kernel's escaped text form.</summary>
    public const string SelfMountInfo = "/proc/self/mountinfo";
}
