using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

public static unsafe partial class Libc
{
    public const uint LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    [StructLayout(LayoutKind.Sequential)]
    public struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    /// <summary>capset(2) for the calling thread; <paramref name="data"/> holds the two 32-bit halves.</summary>
    public static int Capset(CapHeader* header, CapData* data)
    {
        const long SYS_capset = 126;
        return (int)Syscall(SYS_capset, (nint)header, (nint)data, 0, 0, 0);
    }

    public static int Capget(CapHeader* header, CapData* data)
    {
        const long SYS_capget = 125;
        return (int)Syscall(SYS_capget, (nint)header, (nint)data, 0, 0, 0);
    }
}
