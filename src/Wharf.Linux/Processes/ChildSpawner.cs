using Wharf.Linux.Interop;

namespace Wharf.Linux.Processes;

/// <summary>
/// Starts a child with posix_spawn (clone(CLONE_VM|CLONE_VFORK) in glibc): safe from a
/// multithreaded .NET process, and the child inherits the namespaces of the calling thread.
/// Signal dispositions and the mask are reset so the child does not inherit .NET's.
/// </summary>
public static unsafe class ChildSpawner
{
    /// <param name="descriptors">child fd number ← parent fd, applied with dup2 in order.</param>
    public static int Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> env,
        IReadOnlyList<(int Child, int Parent)> descriptors, bool newSession = false)
    {
        using var args = new NativeStringArray(argv);
        using var envp = new NativeStringArray(env);
        Libc.SpawnFileActions actions;
        Libc.SpawnAttributes attributes;
        Libc.PosixSpawnFileActionsInit(&actions);
        Libc.PosixSpawnattrInit(&attributes);
        try
        {
            foreach (var (child, parent) in descriptors)
            {
                // dup2 onto itself would keep FD_CLOEXEC set: the caller must clear it for those.
                int rc = Libc.PosixSpawnFileActionsAddDup2(&actions, parent, child);
                if (rc != 0) throw new LinuxException("posix_spawn_file_actions_adddup2", null, rc);
            }
            Libc.SigSet all, none;
            Libc.Sigfillset(&all);
            Libc.Sigemptyset(&none);
            Libc.PosixSpawnattrSetsigdefault(&attributes, &all);
            Libc.PosixSpawnattrSetsigmask(&attributes, &none);
            short flags = Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK;
            if (newSession) flags |= Libc.POSIX_SPAWN_SETSID;
            Libc.PosixSpawnattrSetflags(&attributes, flags);

            int error = Libc.PosixSpawn(out int pid, path, &actions, &attributes, args.Pointer, envp.Pointer);
            if (error != 0) throw new LinuxException("posix_spawn", path, error);
            return pid;
        }
        finally
        {
            Libc.PosixSpawnFileActionsDestroy(&actions);
            Libc.PosixSpawnattrDestroy(&attributes);
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a child; null if it is still running then.</summary>
    public static int? Wait(int pid, TimeSpan timeout) => WaitForExit(pid, timeout) ? Wait(pid) : null;

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for any process (not only a child) to exit, without
    /// reaping it: a pidfd becomes readable when it exits, so nothing polls.
    /// </summary>
    public static bool WaitForExit(int pid, TimeSpan timeout)
    {
        int pidfd = (int)Libc.Syscall(434 /* pidfd_open */, pid, 0, 0, 0, 0);
        if (pidfd < 0)
        {
            var error = LinuxException.FromLastError("pidfd_open");
            if (error.Errno == Errno.ESRCH) return true; // already gone
            throw error;
        }
        try
        {
            var poll = new Libc.PollFd { Fd = pidfd, Events = Libc.POLLIN };
            long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (true)
            {
                int left = (int)Math.Max(0, deadline - Environment.TickCount64);
                int ready = Libc.Poll(&poll, 1, left);
                if (ready > 0) return true;
                if (ready == 0) return false;
                if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != Errno.EINTR) throw LinuxException.FromLastError("poll");
            }
        }
        finally
        {
            Libc.Close(pidfd);
        }
    }

    /// <summary>Waits for a child and returns its raw wait status.</summary>
    public static int Wait(int pid)
    {
        while (true)
        {
            if (Libc.Waitpid(pid, out int status, 0) >= 0) return status;
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR) throw new LinuxException("waitpid", null, errno);
        }
    }
}
