using Wharf.Containers;

namespace Wharf.Engine.Containers;

/// <summary>
/// Docker's restart policies: whether a container that exited starts again, and after how long
/// (100 ms, doubling up to a minute; back to 100 ms once a run lasted 10 seconds).
/// </summary>
internal static class RestartBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StableRun = TimeSpan.FromSeconds(10);

    /// <summary>Whether the policy restarts a container that exited with <paramref name="exitCode"/>.</summary>
    public static bool ShouldRestart(RestartPolicy? policy, int exitCode, int restartCount, bool stopRequested)
    {
        if (stopRequested || policy is null) return false;
        return policy.Name switch
        {
            "always" or "unless-stopped" => true,
            "on-failure" => exitCode != 0 && (policy.MaximumRetryCount <= 0 || restartCount < policy.MaximumRetryCount),
            _ => false,
        };
    }

    /// <summary>The delay before the next start, given the previous delay and how long the last run lasted.</summary>
    public static TimeSpan Next(TimeSpan previous, TimeSpan lastRun)
    {
        if (lastRun >= StableRun || previous == TimeSpan.Zero) return First;
        var doubled = previous * 2;
        return doubled > Longest ? Longest : doubled;
    }
}
