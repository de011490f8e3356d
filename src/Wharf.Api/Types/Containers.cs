using System.Text.Json.Serialization;

namespace Wharf.Api.Types;

/// <summary>
/// The body of <c>POST /containers/create</c>: the <see cref="ContainerConfig"/> fields at the top
/// level, plus HostConfig and NetworkingConfig (as docker run sends it). The name and platform come
/// in the query.
/// </summary>
public sealed class ContainerCreateRequest : ContainerConfig
{
    public HostConfig? HostConfig { get; set; }
    public NetworkingConfig? NetworkingConfig { get; set; }
}

/// <summary>201 of a create: the ID and the warnings the CLI prints as "WARNING: ...".</summary>
public sealed class ContainerCreateResponse
{
    public string Id { get; set; } = "";
    public List<string> Warnings { get; set; } = [];
}

/// <summary>One container of <c>GET /containers/json</c>.</summary>
public sealed class ContainerSummary
{
    public string Id { get; set; } = "";

    /// <summary>With the leading "/": ["/web"].</summary>
    public List<string> Names { get; set; } = [];
    public string Image { get; set; } = "";
    public string ImageID { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OciDescriptor? ImageManifestDescriptor { get; set; }
    public string Command { get; set; } = "";

    /// <summary>Unix seconds.</summary>
    public long Created { get; set; }
    public List<Port> Ports { get; set; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRw { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRootFs { get; set; }
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>created, running, paused, restarting, removing, exited, dead.</summary>
    public string State { get; set; } = "";

    /// <summary>Human text: "Up 1 minute", "Exited (0) 2 minutes ago".</summary>
    public string Status { get; set; } = "";
    public SummaryHostConfig HostConfig { get; set; } = new();
    public SummaryNetworkSettings NetworkSettings { get; set; } = new();
    public List<MountPoint> Mounts { get; set; } = [];
}

public sealed class SummaryHostConfig
{
    public string NetworkMode { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Annotations { get; set; }
}

/// <summary><c>GET /containers/{id}/json</c>. Config, State, HostConfig and NetworkSettings are always objects.</summary>
public sealed class ContainerInspectResponse
{
    public string Id { get; set; } = "";

    /// <summary>RFC3339Nano.</summary>
    public string Created { get; set; } = "";
    public string Path { get; set; } = "";
    public List<string> Args { get; set; } = [];
    public ContainerState State { get; set; } = new();

    /// <summary>The image ID (sha256:...).</summary>
    public string Image { get; set; } = "";
    public string ResolvConfPath { get; set; } = "";
    public string HostnamePath { get; set; } = "";
    public string HostsPath { get; set; } = "";
    public string LogPath { get; set; } = "";

    /// <summary>With the leading "/".</summary>
    public string Name { get; set; } = "";
    public int RestartCount { get; set; }
    public string Driver { get; set; } = "";
    public string Platform { get; set; } = "linux";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OciDescriptor? ImageManifestDescriptor { get; set; }
    public string MountLabel { get; set; } = "";
    public string ProcessLabel { get; set; } = "";
    public string AppArmorProfile { get; set; } = "";
    public List<string>? ExecIDs { get; set; }
    public HostConfig HostConfig { get; set; } = new();
    public DriverData GraphDriver { get; set; } = new();

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRw { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRootFs { get; set; }
    public List<MountPoint> Mounts { get; set; } = [];
    public ContainerConfig Config { get; set; } = new();
    public NetworkSettings NetworkSettings { get; set; } = new();
}

public sealed class ContainerState
{
    /// <summary>created, running, paused, restarting, removing, exited, dead.</summary>
    public string Status { get; set; } = "created";
    public bool Running { get; set; }
    public bool Paused { get; set; }
    public bool Restarting { get; set; }
    public bool OOMKilled { get; set; }
    public bool Dead { get; set; }
    public int Pid { get; set; }
    public int ExitCode { get; set; }
    public string Error { get; set; } = "";

    /// <summary>RFC3339Nano; Go's zero time "0001-01-01T00:00:00Z" when never started.</summary>
    public string StartedAt { get; set; } = ApiTime.Zero;
    public string FinishedAt { get; set; } = ApiTime.Zero;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Health? Health { get; set; }
}

public sealed class Health
{
    /// <summary>none, starting, healthy, unhealthy.</summary>
    public string Status { get; set; } = "";
    public int FailingStreak { get; set; }
    public List<HealthcheckResult> Log { get; set; } = [];
}

public sealed class HealthcheckResult
{
    public string Start { get; set; } = "";
    public string End { get; set; } = "";
    public int ExitCode { get; set; }
    public string Output { get; set; } = "";
}

/// <summary>A mount as inspect and the summary report it.</summary>
public sealed class MountPoint
{
    public string Type { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }
    public string Source { get; set; } = "";
    public string Destination { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Driver { get; set; }
    public string Mode { get; set; } = "";
    public bool RW { get; set; }
    public string Propagation { get; set; } = "";
}

/// <summary>The storage driver's view of a container or image (overlay dirs).</summary>
public sealed class DriverData
{
    public string Name { get; set; } = "";
    public Dictionary<string, string> Data { get; set; } = [];
}

/// <summary>The body of <c>/containers/{id}/wait</c>: sent when the condition is met.</summary>
public sealed class ContainerWaitResponse
{
    public long StatusCode { get; set; }

    /// <summary>Null on success (sent as null, as moby does); non-null makes docker run exit 125.</summary>
    public ContainerWaitExitError? Error { get; set; }
}

public sealed class ContainerWaitExitError
{
    public string Message { get; set; } = "";
}

/// <summary><c>GET /containers/{id}/top</c>: ps's columns and rows.</summary>
public sealed class ContainerTopResponse
{
    public List<string> Titles { get; set; } = [];
    public List<List<string>> Processes { get; set; } = [];
}

/// <summary>One entry of <c>GET /containers/{id}/changes</c>. Kind: 0 modified, 1 added, 2 deleted.</summary>
public sealed class FilesystemChange
{
    public string Path { get; set; } = "";
    public int Kind { get; set; }
}

public sealed class ContainerPruneResponse
{
    public List<string>? ContainersDeleted { get; set; }
    public long SpaceReclaimed { get; set; }
}

/// <summary>The answer to <c>POST /containers/{id}/update</c>.</summary>
public sealed class ContainerUpdateResponse
{
    public List<string>? Warnings { get; set; }
}
