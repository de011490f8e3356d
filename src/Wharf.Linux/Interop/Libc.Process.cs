using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

public static unsafe partial class Libc
{
    public const int WNOHANG = 1;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGCHLD = 17;
    public const int SIGCONT = 18;
    public const int SIGWINCH = 28;

    [LibraryImport(Name, EntryPoint = "getpid")]
    public static partial int Getpid();

    [LibraryImport(Name, EntryPoint = "gettid")]
    public static partial int Gettid();

    [LibraryImport(Name, EntryPoint = "setsid", SetLastError = true)]
    public static partial int Setsid();

    [LibraryImport(Name, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport(Name, EntryPoint = "waitpid", SetLastError = true)]
    public static partial int Waitpid(int pid, out int status, int options);

    public const int P_ALL = 0;
    public const int WEXITED = 4;
    public const int WNOWAIT = 0x01000000;

    /// <summary>siginfo_t as waitid fills it; only the fields Wharf reads are named.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    public struct SigInfo
    {
        [FieldOffset(0)] public int Signo;
        [FieldOffset(8)] public int Code;
        [FieldOffset(16)] public int Pid;
    }

    [LibraryImport(Name, EntryPoint = "waitid", SetLastError = true)]
    public static partial int Waitid(int idType, int id, SigInfo* info, int options);

    /// <summary>pidfd_open(2): a descriptor that becomes readable when the process exits.</summary>
    public static int PidfdOpen(int pid) => (int)Syscall(434 /* pidfd_open */, pid, 0, 0, 0, 0);

    [LibraryImport(Name, EntryPoint = "setresuid", SetLastError = true)]
    public static partial int Setresuid(uint ruid, uint euid, uint suid);

    [LibraryImport(Name, EntryPoint = "setresgid", SetLastError = true)]
    public static partial int Setresgid(uint rgid, uint egid, uint sgid);

    [LibraryImport(Name, EntryPoint = "setgroups", SetLastError = true)]
    public static partial int Setgroups(nuint size, uint* list);

    [LibraryImport(Name, EntryPoint = "umask")]
    public static partial uint Umask(uint mask);

    [LibraryImport(Name, EntryPoint = "chdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chdir(string path);

    [LibraryImport(Name, EntryPoint = "fchdir", SetLastError = true)]
    public static partial int Fchdir(int fd);

    [LibraryImport(Name, EntryPoint = "chroot", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chroot(string path);

    [LibraryImport(Name, EntryPoint = "sethostname", SetLastError = true)]
    public static partial int Sethostname(byte* name, nuint len);

    [LibraryImport(Name, EntryPoint = "setdomainname", SetLastError = true)]
    public static partial int Setdomainname(byte* name, nuint len);

    [LibraryImport(Name, EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Execve(string path, nint* argv, nint* envp);

    [LibraryImport(Name, EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    public const int PR_SET_PDEATHSIG = 1;
    public const int PR_SET_KEEPCAPS = 8;
    public const int PR_CAPBSET_READ = 23;
    public const int PR_CAPBSET_DROP = 24;
    public const int PR_SET_CHILD_SUBREAPER = 36;
    public const int PR_SET_NO_NEW_PRIVS = 38;
    public const int PR_CAP_AMBIENT = 47;
    public const int PR_CAP_AMBIENT_RAISE = 2;
    public const int PR_CAP_AMBIENT_CLEAR_ALL = 4;

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport(Name, EntryPoint = "prlimit", SetLastError = true)]
    public static partial int Prlimit(int pid, int resource, RLimit* newLimit, RLimit* oldLimit);

    // Signal dispositions: posix_spawn and execve keep ignored signals ignored, and .NET ignores
    // SIGPIPE, so a container's process must have them reset explicitly.
    public const int SIG_SETMASK = 2;

    [LibraryImport(Name, EntryPoint = "signal", SetLastError = true)]
    public static partial nint Signal(int signum, nint handler);

    [LibraryImport(Name, EntryPoint = "sigprocmask", SetLastError = true)]
    public static partial int Sigprocmask(int how, SigSet* set, SigSet* oldSet);

    [LibraryImport(Name, EntryPoint = "sigemptyset")]
    public static partial int Sigemptyset(SigSet* set);

    [LibraryImport(Name, EntryPoint = "sigfillset")]
    public static partial int Sigfillset(SigSet* set);

    [StructLayout(LayoutKind.Sequential, Size = 128)]
    public struct SigSet
    {
        private ulong _first;
    }

    /// <summary>Decodes a wait status the way shells report it: exit code, or 128 + signal.</summary>
    public static int ExitCodeOf(int waitStatus) =>
        (waitStatus & 0x7f) == 0 ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f);

    public static bool IsSignaled(int waitStatus) => (waitStatus & 0x7f) != 0 && (waitStatus & 0x7f) != 0x7f;
}
