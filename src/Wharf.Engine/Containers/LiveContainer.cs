using Wharf.Containers;
using Wharf.Shim;

namespace Wharf.Engine.Containers;

/// <summary>
/// A container as the running engine holds it: its latest record, the shim that runs it (while it
/// runs), and the signals that waiters block on. Every change of state happens under <see cref="Gate"/>.
/// </summary>
internal sealed class LiveContainer(Container record, ContainerPaths paths)
{
    private readonly Lock _signals = new();
    private TaskCompletionSource<ExitInfo> _nextExit = NewSignal<ExitInfo>();
    private readonly List<PendingAttach> _pendingAttaches = [];
    private readonly TaskCompletionSource<ExitInfo> _removed = NewSignal<ExitInfo>();

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public Container Record { get; set; } = record;

    public ContainerPaths Paths { get; } = paths;

    public string Id => Record.Id;

    /// <summary>The running container's shim; null while it is not running.</summary>
    public ShimClient? Shim { get; set; }

    /// <summary>Cancels a restart the policy has scheduled (stop, kill and rm do).</summary>
    public CancellationTokenSource? PendingRestart { get; set; }

    /// <summary>The restart policy's last delay (it doubles while the container keeps failing fast).</summary>
    public TimeSpan RestartDelay { get; set; }

    /// <summary>Set while `docker stop`/`kill` is bringing it down: the restart policy does not apply.</summary>
    public bool StopRequested { get; set; }

    public Task<ExitInfo> NextExit { get { lock (_signals) return _nextExit.Task; } }

    public Task<ExitInfo> Removed => _removed.Task;

    /// <summary>Wakes the waiters of the exit that just happened and arms the next one.</summary>
    public void SignalExit(ExitInfo exit)
    {
        TaskCompletionSource<ExitInfo> fired;
        lock (_signals)
        {
            fired = _nextExit;
            _nextExit = NewSignal<ExitInfo>();
        }
        fired.TrySetResult(exit);
    }

    /// <summary>An attach that waits for the next start (docker run attaches before it starts).</summary>
    public PendingAttach AddPendingAttach(AttachOptions options)
    {
        var pending = new PendingAttach(options);
        lock (_signals) _pendingAttaches.Add(pending);
        return pending;
    }

    public void DropPendingAttach(PendingAttach pending)
    {
        lock (_signals) _pendingAttaches.Remove(pending);
    }

    /// <summary>The attaches to connect to the new shim before the process runs, so they miss no output.</summary>
    public List<PendingAttach> TakePendingAttaches()
    {
        lock (_signals)
        {
            var taken = _pendingAttaches.ToList();
            _pendingAttaches.Clear();
            return taken;
        }
    }

    public void SignalRemoved(ExitInfo last)
    {
        _removed.TrySetResult(last);
        lock (_signals)
        {
            _nextExit.TrySetResult(last);
            foreach (var pending in _pendingAttaches)
                pending.Fail(new Core.WharfException(Core.ErrorKind.NotFound, $"No such container: {Id}"));
            _pendingAttaches.Clear();
        }
    }

    private static TaskCompletionSource<T> NewSignal<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
