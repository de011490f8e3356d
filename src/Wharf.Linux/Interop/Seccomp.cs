using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

public static unsafe partial class Libc
{
    /// <summary>seccomp(2)'s number on x86_64; libc has no wrapper for it.</summary>
    internal const long SYS_seccomp_x86_64 = 317;
    /// <summary>seccomp(2)'s number on arm64 (the generic syscall table).</summary>
    internal const long SYS_seccomp_arm64 = 277;

    internal const int SECCOMP_SET_MODE_FILTER = 1;
    internal const int SECCOMP_MODE_FILTER = 2;
    internal const int PR_SET_SECCOMP = 22;

    public const uint SECCOMP_FILTER_FLAG_TSYNC = 1;
    public const uint SECCOMP_FILTER_FLAG_LOG = 2;
    public const uint SECCOMP_FILTER_FLAG_SPEC_ALLOW = 4;

    /// <summary>struct sock_fprog: the program handed to seccomp(2) and prctl(PR_SET_SECCOMP).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct SockFprog
    {
        public ushort Length;
        public Seccomp.SockFilter* Filter;
    }

    /// <summary>
    /// getppid(2), a call without side effects that tests deny with a filter to see it act. Made
    /// through syscall(2): glibc's getppid() assumes it cannot fail and hands back -errno raw.
    /// </summary>
    public static int Getppid()
    {
        const long SYS_getppid_x86_64 = 110;
        const long SYS_getppid_arm64 = 173;
        long number = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? SYS_getppid_arm64 : SYS_getppid_x86_64;
        return (int)Syscall(number, 0, 0, 0, 0, 0);
    }
}
