using System.Runtime.InteropServices;
using System.Text;

namespace Wharf.Linux.Interop;

/// <summary>
/// Links, nodes and metadata addressed relative to a directory descriptor (the *at family), so a
/// caller that holds a directory open never resolves the path above it again.
/// </summary>
public static unsafe partial class Libc
{
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_SYMLINK_FOLLOW = 0x400;
    public const int AT_STATX_SYNC_AS_STAT = 0;

    public const uint STATX_BASIC_STATS = 0x7ff;

    /// <summary>The file type S_IF* constants in Libc.Files.cs leave out: a Unix socket.</summary>
    public const uint S_IFSOCK = 0xC000;

    /// <summary>utimensat's "leave this time as it is".</summary>
    public const long UTIME_OMIT = (1L << 30) - 2;

    public const int PathMax = 4096;
    public const int NameMax = 255;

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct StatxTimestamp
    {
        public long Seconds;
        public uint Nanoseconds;
        private int _reserved;
    }

    /// <summary>struct statx (linux/stat.h); 256 bytes, the same on every architecture.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    public struct Statx
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Nlink;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        private ushort _spare0;
        public ulong Ino;
        public ulong Size;
        public ulong Blocks;
        public ulong AttributesMask;
        public StatxTimestamp Atime;
        public StatxTimestamp Btime;
        public StatxTimestamp Ctime;
        public StatxTimestamp Mtime;
        public uint RdevMajor;
        public uint RdevMinor;
        public uint DevMajor;
        public uint DevMinor;

        public readonly uint FileType => Mode & S_IFMT;
    }

    [LibraryImport(Name, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int StatxAt(int dirfd, string path, int flags, uint mask, Statx* buffer);

    [LibraryImport(Name, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Linkat(int oldDirfd, string oldPath, int newDirfd, string newPath, int flags);

    [LibraryImport(Name, EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Symlinkat(string target, int newDirfd, string linkPath);

    [LibraryImport(Name, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint Readlinkat(int dirfd, string path, byte* buffer, nuint size);

    [LibraryImport(Name, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mkdirat(int dirfd, string path, uint mode);

    [LibraryImport(Name, EntryPoint = "mknodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mknodat(int dirfd, string path, uint mode, ulong device);

    [LibraryImport(Name, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlinkat(int dirfd, string path, int flags);

    [LibraryImport(Name, EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Fchownat(int dirfd, string path, uint uid, uint gid, int flags);

    [LibraryImport(Name, EntryPoint = "fchmodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Fchmodat(int dirfd, string path, uint mode, int flags);

    [LibraryImport(Name, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Utimensat(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Name, EntryPoint = "futimens", SetLastError = true)]
    public static partial int Futimens(int fd, Timespec* times);

    [LibraryImport(Name, EntryPoint = "fchown", SetLastError = true)]
    public static partial int Fchown(int fd, uint uid, uint gid);

    [LibraryImport(Name, EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(int fd, uint mode);

    /// <summary>lstat of <paramref name="path"/> under <paramref name="dirfd"/>; a final symlink is not followed.</summary>
    public static Statx LStatAt(int dirfd, string path)
    {
        Statx buffer;
        Check(StatxAt(dirfd, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &buffer), "statx", path);
        return buffer;
    }

    /// <summary>stat of <paramref name="path"/> under <paramref name="dirfd"/>, following a final symlink (a device node's numbers).</summary>
    public static Statx StatAt(int dirfd, string path)
    {
        Statx buffer;
        Check(StatxAt(dirfd, path, 0, STATX_BASIC_STATS, &buffer), "stat", path);
        return buffer;
    }

    /// <summary>Like <see cref="LStatAt"/>, but false (not an exception) when nothing is there.</summary>
    public static bool TryLStatAt(int dirfd, string path, out Statx buffer)
    {
        fixed (Statx* p = &buffer)
        {
            if (StatxAt(dirfd, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, p) == 0) return true;
        }
        return Marshal.GetLastPInvokeError() == Errno.ENOENT ? false : throw LinuxException.FromLastError("statx", path);
    }

    /// <summary>The target of the symlink <paramref name="path"/> under <paramref name="dirfd"/>, as raw bytes.</summary>
    public static byte[] ReadLinkAt(int dirfd, string path)
    {
        var buffer = new byte[PathMax];
        fixed (byte* p = buffer)
        {
            nint length = Readlinkat(dirfd, path, p, (nuint)buffer.Length);
            if (length < 0) throw LinuxException.FromLastError("readlinkat", path);
            return buffer[..(int)length];
        }
    }

    public static string ReadLinkAtText(int dirfd, string path) => Encoding.UTF8.GetString(ReadLinkAt(dirfd, path));

    /// <summary>Sets access and modification times; with AT_SYMLINK_NOFOLLOW a symlink's own times.</summary>
    public static void SetTimesAt(int dirfd, string path, Timespec atime, Timespec mtime, int flags)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = atime;
        times[1] = mtime;
        Check(Utimensat(dirfd, path, times, flags), "utimensat", path);
    }

    public static void SetTimes(int fd, Timespec atime, Timespec mtime)
    {
        Timespec* times = stackalloc Timespec[2];
        times[0] = atime;
        times[1] = mtime;
        Check(Futimens(fd, times), "futimens");
    }
}
