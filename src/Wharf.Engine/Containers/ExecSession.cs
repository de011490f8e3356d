namespace Wharf.Engine.Containers;

/// <summary>What `docker exec` asks to run in a running container.</summary>
public sealed record ExecConfig
{
    public required IReadOnlyList<string> Cmd { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public bool Tty { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public bool Privileged { get; init; }
    public string? DetachKeys { get; init; }
}

/// <summary>One exec: created, then started once; its exit code is known when its stream ends.</summary>
public sealed class ExecSession(string id, string containerId, ExecConfig config)
{
    private readonly Lock _lock = new();

    public string Id { get; } = id;
    public string ContainerId { get; } = containerId;
    public ExecConfig Config { get; } = config;

    public bool Started { get; private set; }
    public bool Running { get; private set; }
    public int Pid { get; private set; }
    public int? ExitCode { get; private set; }

    /// <summary>Marks the one start; false when it had already been started.</summary>
    internal bool TryBegin()
    {
        lock (_lock)
        {
            if (Started) return false;
            Started = true;
            return true;
        }
    }

    internal void Ran(int pid)
    {
        Pid = pid;
        Running = true;
    }

    internal void Exited(int exitCode)
    {
        ExitCode = exitCode;
        Running = false;
    }
}

/// <summary>A started exec: its stream (null when detached) and its exit code to come.</summary>
public sealed record ExecStart(Wharf.Shim.ShimStream? Stream, Task<int> Exit, bool Tty);
