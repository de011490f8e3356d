using System.Text.Json.Serialization;

namespace Wharf.Containers;

/// <summary>Docker's container states, as the API spells them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ContainerStatus>))]
public enum ContainerStatus
{
    [JsonStringEnumMemberName("created")] Created,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("restarting")] Restarting,
    [JsonStringEnumMemberName("removing")] Removing,
    [JsonStringEnumMemberName("exited")] Exited,
    [JsonStringEnumMemberName("dead")] Dead,
}

/// <summary>Where a container is in its life, and how its last run went.</summary>
public sealed record ContainerState
{
    public ContainerStatus Status { get; init; } = ContainerStatus.Created;

    /// <summary>The host pid of the container's init while it runs, 0 otherwise.</summary>
    public int Pid { get; init; }

    public int ExitCode { get; init; }

    /// <summary>Why the last start, stop or removal failed ("" or null when it did not).</summary>
    public string? Error { get; init; }

    public bool OomKilled { get; init; }

    /// <summary>null until the first start (Docker shows 0001-01-01T00:00:00Z).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>null until the first exit.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Docker's State.Running: true while paused or restarting too.</summary>
    [JsonIgnore]
    public bool IsRunning => Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting;

    /// <summary>The API's lower-case state name ("running", "exited", ...).</summary>
    [JsonIgnore]
    public string StatusName => NameOf(Status);

    public static string NameOf(ContainerStatus status) => status switch
    {
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        ContainerStatus.Paused => "paused",
        ContainerStatus.Restarting => "restarting",
        ContainerStatus.Removing => "removing",
        ContainerStatus.Exited => "exited",
        ContainerStatus.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string name, out ContainerStatus status)
    {
        foreach (var candidate in Enum.GetValues<ContainerStatus>())
        {
            if (NameOf(candidate) == name)
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
