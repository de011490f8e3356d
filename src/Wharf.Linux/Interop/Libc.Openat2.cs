using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

/// <summary>openat2(2): open a path with the kernel enforcing how it resolves (Linux 5.6+).</summary>
public static unsafe partial class Libc
{
    public const ulong RESOLVE_NO_XDEV = 0x01;
    public const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    public const ulong RESOLVE_NO_SYMLINKS = 0x04;
    public const ulong RESOLVE_BENEATH = 0x08;

    /// <summary>Resolve as if the directory were "/": absolute symlinks and ".." stay inside it.</summary>
    public const ulong RESOLVE_IN_ROOT = 0x10;

    private const long SYS_openat2 = 437;

    /// <summary>struct open_how.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>openat2(2); -1 and errno on failure.</summary>
    public static int Openat2(int dirfd, string path, OpenHow how)
    {
        fixed (byte* p = Utf8Z(path))
            return (int)Syscall(SYS_openat2, dirfd, (nint)p, (nint)(&how), sizeof(OpenHow), 0);
    }
}
