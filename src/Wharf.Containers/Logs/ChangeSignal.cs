namespace Wharf.Containers;

/// <summary>A wake-up for a follower: <see cref="Arm"/> before looking, then await what it returned; a change after arming completes it.</summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Arm()
    {
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _next, fresh);
        return fresh.Task;
    }

    public void Set() => Volatile.Read(ref _next).TrySetResult();
}
