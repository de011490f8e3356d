namespace Wharf.Containers;

/// <summary>
/// Docker's human status of a container, the STATUS column of `docker ps` and the Status field of
/// the list API (moby's container/state.go String()).
/// </summary>
public static class StatusText
{
    public static string Of(ContainerState state, DateTimeOffset now) => state.Status switch
    {
        ContainerStatus.Running => "Up " + Since(state.StartedAt, now),
        ContainerStatus.Paused => "Up " + Since(state.StartedAt, now) + " (Paused)",
        ContainerStatus.Restarting => $"Restarting ({state.ExitCode}) {Since(state.FinishedAt, now)} ago",
        ContainerStatus.Removing => "Removal In Progress",
        ContainerStatus.Dead => "Dead",
        ContainerStatus.Created => "Created",
        // Docker decides "Created" by a zero StartedAt, and shows nothing for a start that never finished.
        ContainerStatus.Exited when state.StartedAt is null => "Created",
        ContainerStatus.Exited when state.FinishedAt is null => "",
        ContainerStatus.Exited => $"Exited ({state.ExitCode}) {Since(state.FinishedAt, now)} ago",
        _ => "",
    };

    // Go subtracts a zero time.Time, which saturates to the longest duration: Docker then prints
    // a huge number of years. Such a record is inconsistent anyway; keep the text sane instead.
    private static string Since(DateTimeOffset? time, DateTimeOffset now) =>
        HumanDuration.Format(time is { } t ? now - t : TimeSpan.Zero);
}
