using Wharf.Containers;
using Wharf.Core;

namespace Wharf.Engine.Containers;

public sealed partial class ContainerService
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// `docker stop`: the stop signal (the container's StopSignal, else SIGTERM), then SIGKILL after the
    /// timeout (the container's StopTimeout, else 10 s; negative waits for ever). The restart policy does not
    /// apply to a stopped container. False when it was not running (the API's 304).
    /// </summary>
    public async Task<bool> StopAsync(string idOrName, int? timeoutSeconds, int? signal, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        if (await CancelRestartAsync(live).ConfigureAwait(false)) return true;
        var shim = live.Shim;
        if (shim is null || live.Record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused)) return false;

        live.StopRequested = true;
        int stopSignal = signal ?? StopSignalOf(live.Record);
        int seconds = timeoutSeconds ?? live.Record.Config.StopTimeout ?? 10;
        var exited = live.NextExit;
        await SignalAsync(live, shim, stopSignal, cancellationToken).ConfigureAwait(false);
        if (live.Record.State.Status == ContainerStatus.Paused) await shim.ResumeAsync(cancellationToken).ConfigureAwait(false);

        if (seconds >= 0 && !await Finished(exited, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false))
        {
            await SignalAsync(live, shim, SigKill, cancellationToken).ConfigureAwait(false);
            if (!await Finished(exited, KillGrace, cancellationToken).ConfigureAwait(false))
                throw new WharfException(ErrorKind.Internal, $"container {live.Id} did not exit after SIGKILL");
        }
        else if (seconds < 0)
        {
            await exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        Publish(live, "stop");
        return true;
    }

    /// <summary>`docker restart`: stop (if running), then start.</summary>
    public async Task RestartAsync(string idOrName, int? timeoutSeconds, int? signal, CancellationToken cancellationToken = default)
    {
        await StopAsync(idOrName, timeoutSeconds, signal, cancellationToken).ConfigureAwait(false);
        await StartAsync(idOrName, cancellationToken).ConfigureAwait(false);
        Publish(Find(idOrName), "restart");
    }

    /// <summary>
    /// `docker kill`: sends the signal (SIGKILL by default). As in Docker, the restart policy is off for the
    /// exit that follows unless the container has its own StopSignal and a different signal was sent.
    /// </summary>
    public async Task KillAsync(string idOrName, int? signal, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        int sig = signal ?? SigKill;
        // Under the gate, as moby's kill takes the container's lock: a start in progress is finished first. Its
        // process may already be running and printing (docker run forwards a ctrl-c the moment it sees output).
        Task<ExitInfo> exited;
        await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var shim = live.Shim;
            if (shim is null || live.Record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
                throw WharfException.Conflict($"Cannot kill container: {idOrName}: container {live.Id} is not running");
            exited = live.NextExit; // this exit, not a later one: the exit is recorded under the gate

            bool hasOwnStopSignal = !string.IsNullOrEmpty(live.Record.Config.StopSignal);
            if (!hasOwnStopSignal || sig == SigKill || sig == StopSignalOf(live.Record)) live.StopRequested = true;
            await SignalAsync(live, shim, sig, cancellationToken).ConfigureAwait(false);
            if (live.StopRequested && live.Record.State.Status == ContainerStatus.Paused)
                await shim.ResumeAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            live.Gate.Release();
        }
        if (sig == SigKill && !await Finished(exited, KillGrace, cancellationToken).ConfigureAwait(false))
            throw new WharfException(ErrorKind.Internal, $"container {live.Id} did not exit after SIGKILL");
    }

    public async Task PauseAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var status = live.Record.State.Status;
            if (status == ContainerStatus.Paused) throw WharfException.Conflict($"Container {live.Id} is already paused");
            if (status != ContainerStatus.Running || live.Shim is null) throw WharfException.Conflict($"Container {live.Id} is not running");
            await live.Shim.PauseAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(live, live.Record with { State = live.Record.State with { Status = ContainerStatus.Paused } });
            Publish(live, "pause");
        }
        finally
        {
            live.Gate.Release();
        }
    }

    public async Task UnpauseAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (live.Record.State.Status != ContainerStatus.Paused || live.Shim is null)
                throw WharfException.Conflict($"Container {live.Id} is not paused");
            await live.Shim.ResumeAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(live, live.Record with { State = live.Record.State with { Status = ContainerStatus.Running } });
            Publish(live, "unpause");
        }
        finally
        {
            live.Gate.Release();
        }
    }

    /// <summary>
    /// Checks the container exists and returns the wait for <paramref name="condition"/>: the API sends its
    /// headers between the two (the CLI starts the container only after it has them).
    /// </summary>
    public Task<ExitInfo> Wait(string idOrName, WaitCondition condition)
    {
        var live = Find(idOrName);
        var state = live.Record.State;
        return condition switch
        {
            WaitCondition.NotRunning when state.Status is not (ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting)
                => Task.FromResult(new ExitInfo(state.ExitCode, string.IsNullOrEmpty(state.Error) ? null : state.Error)),
            WaitCondition.Removed => live.Removed,
            _ => live.NextExit,
        };
    }

    private async Task SignalAsync(LiveContainer live, Wharf.Shim.ShimClient shim, int signal, CancellationToken cancellationToken)
    {
        await shim.KillAsync(signal, all: false, cancellationToken).ConfigureAwait(false);
        Publish(live, "kill", new Dictionary<string, string> { ["signal"] = signal.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>A container waiting for its policy's restart is simply left stopped.</summary>
    private async Task<bool> CancelRestartAsync(LiveContainer live)
    {
        if (live.Record.State.Status != ContainerStatus.Restarting) return false;
        live.PendingRestart?.Cancel();
        live.StopRequested = true;
        await SaveAsync(live, live.Record with { State = live.Record.State with { Status = ContainerStatus.Exited }, ManuallyStopped = true });
        return true;
    }

    private static int StopSignalOf(Container record) =>
        string.IsNullOrEmpty(record.Config.StopSignal) ? SigTerm : Wharf.Api.SignalNames.Parse(record.Config.StopSignal);

    private static async Task<bool> Finished(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
