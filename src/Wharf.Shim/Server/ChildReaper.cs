using System.Runtime.InteropServices;
using Wharf.Linux.Interop;
using Wharf.Linux.Processes;

namespace Wharf.Shim.Server;

/// <summary>
/// Reaps every child of the shim — runtime invocations, the container's init and exec
/// processes once the runtime exits and they are reparented to us (we are a child subreaper),
/// and any other orphan — and hands each exit status to whoever waits for that pid.
///
/// One thread blocks in waitid(P_ALL, WEXITED | WNOWAIT), which returns when some child has
/// exited without reaping it; the statuses are then collected with waitpid(-1, WNOHANG) under
/// <see cref="_gate"/>. Spawning and signalling take the same lock, so a pid we act on cannot be
/// reaped and reused in between. No signal handler is involved: .NET's SIGCHLD handling only
/// reaps the children of System.Diagnostics.Process, which the shim does not use. With no child
/// at all waitid fails with ECHILD; the thread then sleeps until the next spawn (an orphan can
/// only reach us while one of our children lives).
/// </summary>
internal sealed unsafe class ChildReaper
{
    private const int MaxUnclaimed = 256;

    private readonly object _gate = new();
    private readonly Dictionary<int, TaskCompletionSource<ChildExit>> _waiters = [];
    // Statuses of pids nobody waits for yet: the init can exit before we read its pid file.
    private readonly Dictionary<int, (ChildExit Exit, long Order)> _unclaimed = [];
    private readonly Queue<(int Pid, long Order)> _unclaimedOrder = new();
    private long _reaped;
    private readonly SemaphoreSlim _spawned = new(0);

    public ChildReaper()
    {
        new Thread(Run) { IsBackground = true, Name = "reaper" }.Start();
    }

    /// <summary>Spawns a child (see <see cref="ChildSpawner.Spawn"/>) and returns its pid and its future wait status.</summary>
    public (int Pid, Task<ChildExit> Exit) Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> env,
        IReadOnlyList<(int Child, int Parent)> descriptors)
    {
        lock (_gate)
        {
            int pid = ChildSpawner.Spawn(path, argv, env, descriptors);
            // A status stored under this pid belonged to an earlier process: ours cannot have
            // been reaped yet, since reaping needs the lock we hold.
            _unclaimed.Remove(pid);
            var exit = Watch(pid);
            _spawned.Release();
            return (pid, exit);
        }
    }

    /// <summary>
    /// The future wait status of a process that became our child by reparenting (the init, an
    /// exec) or that an in-process runtime spawned; completed at once if it was already reaped.
    /// </summary>
    public Task<ChildExit> Adopt(int pid)
    {
        lock (_gate)
        {
            if (_unclaimed.Remove(pid, out var reaped)) return Task.FromResult(reaped.Exit);
            var exit = Watch(pid);
            // Spawned without us (in-process runtime): the reaper may sleep for want of children.
            _spawned.Release();
            return exit;
        }
    }

    /// <summary>Sends a signal to a watched child that has not been reaped yet; false if it has.</summary>
    public bool Signal(int pid, int signal)
    {
        lock (_gate)
        {
            if (!_waiters.ContainsKey(pid)) return false;
            if (Libc.Kill(pid, signal) == 0) return true;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.ESRCH) return false;
            throw new Wharf.Linux.LinuxException("kill", null, errno);
        }
    }

    private Task<ChildExit> Watch(int pid)
    {
        if (!_waiters.TryGetValue(pid, out var waiter))
        {
            waiter = new TaskCompletionSource<ChildExit>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters[pid] = waiter;
        }
        return waiter.Task;
    }

    private void Run()
    {
        Libc.SigInfo info;
        while (true)
        {
            if (Libc.Waitid(Libc.P_ALL, 0, &info, Libc.WEXITED | Libc.WNOWAIT) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.ECHILD) _spawned.Wait();
                continue; // EINTR
            }
            lock (_gate)
            {
                int pid;
                while ((pid = Libc.Waitpid(-1, out int status, Libc.WNOHANG)) > 0)
                {
                    var exit = new ChildExit(status, DateTimeOffset.UtcNow);
                    if (_waiters.Remove(pid, out var waiter))
                    {
                        waiter.TrySetResult(exit);
                        continue;
                    }
                    long order = ++_reaped;
                    _unclaimed[pid] = (exit, order);
                    _unclaimedOrder.Enqueue((pid, order));
                    while (_unclaimedOrder.Count > MaxUnclaimed)
                    {
                        var oldest = _unclaimedOrder.Dequeue();
                        if (_unclaimed.TryGetValue(oldest.Pid, out var stored) && stored.Order == oldest.Order) _unclaimed.Remove(oldest.Pid);
                    }
                }
            }
        }
    }
}

/// <summary>A child's raw wait status and when it was reaped (the exit time the shim reports).</summary>
internal readonly record struct ChildExit(int Status, DateTimeOffset At)
{
    public int ExitCode => Libc.ExitCodeOf(Status);
}
