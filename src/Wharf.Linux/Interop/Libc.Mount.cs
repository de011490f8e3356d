using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

public static partial class Libc
{
    public const ulong MS_RDONLY = 1;
    public const ulong MS_NOSUID = 2;
    public const ulong MS_NODEV = 4;
    public const ulong MS_NOEXEC = 8;
    public const ulong MS_SYNCHRONOUS = 16;
    public const ulong MS_REMOUNT = 32;
    public const ulong MS_MANDLOCK = 64;
    public const ulong MS_DIRSYNC = 128;
    public const ulong MS_NOSYMFOLLOW = 256;
    public const ulong MS_NOATIME = 1024;
    public const ulong MS_NODIRATIME = 2048;
    public const ulong MS_BIND = 4096;
    public const ulong MS_MOVE = 8192;
    public const ulong MS_REC = 16384;
    public const ulong MS_SILENT = 32768;
    public const ulong MS_UNBINDABLE = 1 << 17;
    public const ulong MS_PRIVATE = 1 << 18;
    public const ulong MS_SLAVE = 1 << 19;
    public const ulong MS_SHARED = 1 << 20;
    public const ulong MS_RELATIME = 1 << 21;
    public const ulong MS_STRICTATIME = 1 << 24;
    public const ulong MS_LAZYTIME = 1 << 25;

    public const int MNT_DETACH = 2;

    [LibraryImport(Name, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string? source, string target, string? fstype, ulong flags, string? data);

    [LibraryImport(Name, EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    /// <summary>pivot_root(2) has no glibc wrapper.</summary>
    public static unsafe int PivotRoot(string newRoot, string putOld)
    {
        const long SYS_pivot_root = 155;
        fixed (byte* n = Utf8Z(newRoot))
        fixed (byte* o = Utf8Z(putOld))
            return (int)Syscall(SYS_pivot_root, (nint)n, (nint)o, 0, 0, 0);
    }

    internal static byte[] Utf8Z(string s)
    {
        byte[] bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
