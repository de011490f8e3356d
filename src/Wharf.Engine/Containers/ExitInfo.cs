namespace Wharf.Engine.Containers;

/// <summary>How a wait ended: the container's exit code, or the error that stopped it (e.g. a failed start).</summary>
public sealed record ExitInfo(int ExitCode, string? Error = null);

/// <summary>The `condition` of `POST /containers/{id}/wait`.</summary>
public enum WaitCondition
{
    /// <summary>Returns at once if the container is not running, else at its exit.</summary>
    NotRunning,

    /// <summary>Returns at the container's next exit, even if it has not started yet.</summary>
    NextExit,

    /// <summary>Returns once the container has been removed.</summary>
    Removed,
}
