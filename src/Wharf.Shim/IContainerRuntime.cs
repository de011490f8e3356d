namespace Wharf.Shim;

/// <summary>
/// The OCI runtime as the shim drives it, for the one container the shim serves (its id, bundle
/// and runtime state root come from <see cref="ShimOptions"/>). Lifecycle: <see cref="RunAsync"/>
/// once; then, while it runs, <see cref="ExecAsync"/>, <see cref="KillAllAsync"/>,
/// <see cref="PauseAsync"/>/<see cref="ResumeAsync"/>; after its init exited (or its start failed),
/// <see cref="OomKilledAsync"/> and <see cref="DeleteAsync"/>. Processes it starts become the
/// shim's children (directly, or by reparenting: the shim is a child subreaper) and the shim reaps
/// them. Failures are <see cref="Core.WharfException"/>s carrying the runtime's own words.
/// Implementations: the runtime binary through runc's command line (any runtime, runc included),
/// and wharf-shim's in-process Wharf.Runtime for wharf-runtime (no process per operation).
/// </summary>
public interface IContainerRuntime
{
    /// <summary>Creates the container from the bundle and starts its process at once; its pid.</summary>
    Task<int> RunAsync(ProcessStdio stdio);

    /// <summary>Starts the process described in <paramref name="processFile"/> (an OCI process JSON) in the running container; its pid.</summary>
    Task<int> ExecAsync(string processFile, ProcessStdio stdio);

    /// <summary>Whether the OOM killer struck the container (false when the runtime cannot tell).</summary>
    Task<bool> OomKilledAsync();

    /// <summary>Forgets the stopped container (`delete --force`): its cgroup and runtime state go.</summary>
    Task DeleteAsync();

    /// <summary>Sends <paramref name="signal"/> to every process of the container.</summary>
    Task KillAllAsync(int signal);

    Task PauseAsync();

    Task ResumeAsync();
}

/// <summary>
/// The stdio the shim prepared for one container process: what it gets as fds 0-2, the console
/// socket its pty master must be sent to (with a terminal), and our copies of its ends, released
/// once it was spawned so the output pipes see their end when it exits.
/// </summary>
public abstract class ProcessStdio
{
    /// <summary>The process's (or the runtime binary's) fds 0, 1 and 2: child fd ← our fd.</summary>
    public abstract IReadOnlyList<(int Child, int Parent)> Descriptors { get; }

    /// <summary>The Unix socket to send the pty master to, or null without a terminal.</summary>
    public virtual string? ConsoleSocket => null;

    /// <summary>Closes our copies of the descriptors the process inherited.</summary>
    public abstract void ReleaseChildEnds();

    /// <summary>What a runtime binary wrote to a stderr of its own ("" when its stderr is the process's).</summary>
    public virtual Task<string> CapturedErrorAsync() => Task.FromResult("");
}
