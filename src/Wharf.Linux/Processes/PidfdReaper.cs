using System.Runtime.InteropServices;
using Wharf.Linux.Interop;

namespace Wharf.Linux.Processes;

/// <summary>
/// Reaps children of a long-lived process without a thread per child and without polling: one
/// background thread blocks in poll(2) over a pidfd per child (readable once it exits) and a
/// wake-up pipe, then collects the exit status with waitpid for that pid only, so children
/// started elsewhere in the process (System.Diagnostics.Process) are left alone.
/// </summary>
public static unsafe class PidfdReaper
{
    private static readonly object Gate = new();
    private static readonly Dictionary<int, (int Pid, TaskCompletionSource<int> Exit)> Watched = [];
    private static int _wakeRead = -1, _wakeWrite = -1;

    /// <summary>
    /// Completes with the raw wait status once the child <paramref name="pid"/> exits, and reaps it.
    /// The pid must be a child of this process that nothing else waits for.
    /// </summary>
    public static Task<int> ReapAsync(int pid)
    {
        int pidfd = Libc.PidfdOpen(pid); // always close-on-exec
        if (pidfd < 0) throw LinuxException.FromLastError("pidfd_open");
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            EnsureThread();
            Watched[pidfd] = (pid, exit);
        }
        // A full wake-up pipe (EAGAIN) already guarantees a wake-up: the result is ignored.
        byte wake = 1;
        Libc.Write(_wakeWrite, &wake, 1);
        return exit.Task;
    }

    private static void EnsureThread()
    {
        if (_wakeRead >= 0) return;
        int* fds = stackalloc int[2];
        Libc.Check(Libc.Pipe2(fds, Libc.O_CLOEXEC | Libc.O_NONBLOCK), "pipe2");
        (_wakeRead, _wakeWrite) = (fds[0], fds[1]);
        new Thread(Run) { IsBackground = true, Name = "pidfd-reaper" }.Start();
    }

    private static void Run()
    {
        var polls = new List<Libc.PollFd>();
        byte* drain = stackalloc byte[64];
        while (true)
        {
            polls.Clear();
            polls.Add(new Libc.PollFd { Fd = _wakeRead, Events = Libc.POLLIN });
            lock (Gate)
            {
                foreach (int pidfd in Watched.Keys) polls.Add(new Libc.PollFd { Fd = pidfd, Events = Libc.POLLIN });
            }
            var array = polls.ToArray();
            int ready;
            fixed (Libc.PollFd* p = array) ready = Libc.Poll(p, (nuint)array.Length, -1);
            if (ready < 0) continue; // EINTR
            if (array[0].Revents != 0) while (Libc.Read(_wakeRead, drain, 64) > 0) { }
            for (int i = 1; i < array.Length; i++)
            {
                if (array[i].Revents == 0) continue;
                (int Pid, TaskCompletionSource<int> Exit) entry;
                lock (Gate)
                {
                    if (!Watched.Remove(array[i].Fd, out entry)) continue;
                }
                Libc.Close(array[i].Fd);
                int reaped = Libc.Waitpid(entry.Pid, out int status, Libc.WNOHANG);
                if (reaped == entry.Pid) entry.Exit.TrySetResult(status);
                else entry.Exit.TrySetException(new LinuxException("waitpid", null, reaped < 0 ? Marshal.GetLastPInvokeError() : Errno.ECHILD));
            }
        }
    }
}
