using System.Runtime.InteropServices;
using Wharf.Linux.Interop;

namespace Wharf.Linux.Seccomp;

/// <summary>
/// Installs a seccomp BPF program. The filter binds the calling thread only (and what it execs
/// or forks afterwards) unless <see cref="Libc.SECCOMP_FILTER_FLAG_TSYNC"/> is passed: the
/// container's init loads it on the thread that then calls execve. The caller needs
/// no_new_privs (<see cref="SetNoNewPrivileges"/>) or CAP_SYS_ADMIN.
/// </summary>
public static unsafe class SeccompFilter
{
    /// <summary>The kernel's BPF_MAXINSNS.</summary>
    public const int MaxInstructions = 4096;

    /// <summary>
    /// seccomp(SECCOMP_SET_MODE_FILTER, flags, program); on a kernel without seccomp(2) (before
    /// 3.17) falls back to prctl(PR_SET_SECCOMP), which takes no flags.
    /// </summary>
    public static void Load(ReadOnlySpan<SockFilter> program, uint flags)
    {
        if (program.IsEmpty || program.Length > MaxInstructions)
            throw new ArgumentException($"a seccomp program has 1 to {MaxInstructions} instructions, not {program.Length}", nameof(program));

        fixed (SockFilter* filter = program)
        {
            var fprog = new Libc.SockFprog { Length = (ushort)program.Length, Filter = filter };
            long result = SeccompSetModeFilter(flags, &fprog);
            if (result == -1)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.ENOSYS || flags != 0)
                    throw new LinuxException("seccomp", null, errno);
                Libc.Check(Libc.Prctl(Libc.PR_SET_SECCOMP, Libc.SECCOMP_MODE_FILTER, (nuint)(&fprog), 0, 0), "prctl(PR_SET_SECCOMP)");
            }
            else if (result > 0)
            {
                // With TSYNC the kernel answers, instead of an errno, the id of a thread it could
                // not synchronise (one with a diverging filter); nothing was loaded.
                throw new InvalidOperationException($"seccomp: SECCOMP_FILTER_FLAG_TSYNC could not synchronise thread {result}");
            }
        }
    }

    /// <summary>prctl(PR_SET_NO_NEW_PRIVS) for the calling thread: lets an unprivileged thread load a filter.</summary>
    public static void SetNoNewPrivileges() =>
        Libc.Check(Libc.Prctl(Libc.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)");

    private static long SeccompSetModeFilter(uint flags, Libc.SockFprog* fprog)
    {
        long number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => Libc.SYS_seccomp_x86_64,
            Architecture.Arm64 => Libc.SYS_seccomp_arm64,
            _ => -1,
        };
        if (number < 0)
        {
            Marshal.SetLastPInvokeError(Errno.ENOSYS);
            return -1;
        }
        return Libc.Syscall(number, Libc.SECCOMP_SET_MODE_FILTER, (nint)flags, (nint)fprog, 0, 0);
    }
}
