using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Containers;

/// <summary>
/// One container's record, as the daemon keeps it and <see cref="ContainerStore"/> persists it.
/// Immutable: every change is a new record (<c>with</c>), saved before it is acted on.
/// </summary>
public sealed record Container
{
    /// <summary>64 lower-case hex digits (<see cref="ContainerId.New"/>).</summary>
    public string Id { get; init; } = "";

    /// <summary>"/name", with the leading slash as Docker keeps it.</summary>
    public string Name { get; init; } = "";

    public DateTimeOffset Created { get; init; }

    /// <summary>The resolved command: its first word (<see cref="ContainerCommand"/>).</summary>
    public string Path { get; init; } = "";

    /// <summary>The resolved command's other words.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>The image's id, "sha256:..." (the digest of its config).</summary>
    public string ImageId { get; init; } = "";

    /// <summary>The image as the user typed it.</summary>
    public string ImageName { get; init; } = "";

    public ContainerConfig Config { get; init; } = new();
    public HostSettings HostSettings { get; init; } = new();
    public ContainerState State { get; init; } = new();
    public int RestartCount { get; init; }

    /// <summary>Stopped by the user (docker stop/kill): "unless-stopped" then stays down, even across a daemon restart.</summary>
    public bool ManuallyStopped { get; init; }

    /// <summary>The snapshotter key of the container's writable layer.</summary>
    public string? SnapshotKey { get; init; }

    /// <summary>The json-file log the shim writes (rotated files are LogPath.1, .2, ...).</summary>
    public string? LogPath { get; init; }

    public string? HostnamePath { get; init; }
    public string? HostsPath { get; init; }
    public string? ResolvConfPath { get; init; }

    /// <summary>Volumes and binds as mounted (Docker's MountPoints), for inspect and the volume filter.</summary>
    public IReadOnlyList<ContainerMountPoint>? Mounts { get; init; }

    /// <summary>Network name → the container's endpoint on it.</summary>
    public IReadOnlyDictionary<string, ContainerEndpoint>? Networks { get; init; }

    /// <summary>Fields a later version wrote that this one does not know: kept so a rewrite loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; } // settable: System.Text.Json cannot bind extension data through init

    /// <summary>The name without its leading slash, as `docker ps` shows it.</summary>
    [JsonIgnore]
    public string ShortName => Name.StartsWith('/') ? Name[1..] : Name;

    /// <summary>The first 12 digits of the id, as `docker ps` shows it.</summary>
    [JsonIgnore]
    public string ShortId => Id.Length > 12 ? Id[..12] : Id;
}

/// <summary>A volume or bind mounted into a container (Docker's MountPoint).</summary>
public sealed record ContainerMountPoint
{
    /// <summary>"volume", "bind" or "tmpfs".</summary>
    public string Type { get; init; } = "";

    /// <summary>The volume's name; "" for a bind.</summary>
    public string Name { get; init; } = "";

    public string Source { get; init; } = "";
    public string Destination { get; init; } = "";
    public string Driver { get; init; } = "";

    /// <summary>A `-v` bind's mode as written ("ro,z"); "" for a --mount.</summary>
    public string Mode { get; init; } = "";
    public bool RW { get; init; } = true;
    public string Propagation { get; init; } = "";
}

/// <summary>A container's attachment to one network.</summary>
public sealed record ContainerEndpoint
{
    public string NetworkId { get; init; } = "";
    public string EndpointId { get; init; } = "";
    public string IPAddress { get; init; } = "";
    public int IPPrefixLen { get; init; }
    public string Gateway { get; init; } = "";
    public string MacAddress { get; init; } = "";
    public IReadOnlyList<string>? Aliases { get; init; }

    /// <summary>Link-local addresses the client asked for (IPAMConfig.LinkLocalIPs).</summary>
    public IReadOnlyList<string>? LinkLocalIPs { get; init; }
}
