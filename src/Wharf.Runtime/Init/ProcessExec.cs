using Wharf.Linux;
using Wharf.Linux.Processes;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Init;

/// <summary>The last step of the init stage: a clean process image for the user program.</summary>
internal static unsafe class ProcessExec
{
    public static void Exec(string path, IReadOnlyList<string> args, IReadOnlyList<string> env, int preserveFds)
    {
        // .NET ignores SIGPIPE and may block signals; ignored dispositions and the mask survive
        // execve, and a container's process must start with the defaults.
        for (int signal = 1; signal < 65; signal++)
        {
            if (signal is 9 or 19 or 32 or 33) continue;
            Signal(signal, 0 /* SIG_DFL */);
        }
        SigSet none;
        Sigemptyset(&none);
        Sigprocmask(SIG_SETMASK, &none, null);

        // Nothing of the runtime leaks into the container: every descriptor past stdio (and the
        // preserved ones) closes on exec.
        MarkCloseOnExec(3 + preserveFds);

        using var argv = new NativeStringArray(args);
        using var envp = new NativeStringArray(env);
        Execve(path, argv.Pointer, envp.Pointer);
        throw LinuxException.FromLastError("execve", path);
    }

    /// <summary>close_range(CLOEXEC) where the kernel and the seccomp profile allow it; else each open descriptor.</summary>
    private static void MarkCloseOnExec(int first)
    {
        if (CloseRange((uint)first, uint.MaxValue, CLOSE_RANGE_CLOEXEC) == 0) return;
        foreach (string entry in Directory.GetFiles("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out int fd) && fd >= first)
                Fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
    }
}
