using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers;

/// <summary>What `docker create` gives the engine, the image resolved and the name reserved.</summary>
public sealed record ContainerCreateRequest
{
    /// <summary>A new id (<see cref="ContainerId.New"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The reserved name, "/name" (<see cref="NameRegistry"/>).</summary>
    public required string Name { get; init; }

    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
    public required ContainerConfig Config { get; init; }
    public HostSettings HostSettings { get; init; } = new();

    /// <summary>The resolved image's id, "sha256:...".</summary>
    public required string ImageId { get; init; }

    /// <summary>The image's config (its defaults: Entrypoint, Cmd, Env, User, WorkingDir, ...).</summary>
    public ImageConfig? Image { get; init; }

    /// <summary>The daemon's default /dev/shm size.</summary>
    public long DefaultShmSize { get; init; } = HostDefaults.ShmSize;

    /// <summary>NetworkingConfig.EndpointsConfig: network name → what the client asks of its endpoint.</summary>
    public IReadOnlyDictionary<string, EndpointRequest?>? Endpoints { get; init; }

    /// <summary>What the host offers (bind sources, block I/O controls); the engine passes <see cref="HostFeatures.Probe"/>.</summary>
    public HostFeatures Features { get; init; } = new();
}

/// <summary>
/// A new container's record, made as dockerd makes it: the request checked
/// (<see cref="HostSettingsCheck"/>), the image's defaults merged in (<see cref="ImageDefaults"/>),
/// the command resolved (<see cref="ContainerCommand"/>), the hostname defaulted (the short id,
/// or the host's name with host networking) and the HostConfig defaults applied
/// (<see cref="HostDefaults"/>).
/// </summary>
public static class ContainerCreation
{
    /// <returns>The record (state "created") and Docker's warnings for the response.</returns>
    /// <exception cref="WharfException">InvalidArgument with Docker's message for a request it refuses.</exception>
    public static (Container Container, IReadOnlyList<string> Warnings) Create(ContainerCreateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ContainerId.IsValid(request.Id)) throw WharfException.Invalid($"invalid container id \"{UntrustedName.Show(request.Id)}\"");
        var warnings = HostSettingsCheck.Validate(request.Config, request.HostSettings, request.Features).ToList();
        EndpointCheck.Validate(request.Endpoints);
        var adjusted = HostSettingsCheck.Adjust(request.HostSettings, request.Features.Blkio, warnings);
        var config = ImageDefaults.Merge(request.Config, request.Image?.Config);
        var (path, args) = ContainerCommand.Resolve(config);
        var host = HostDefaults.Apply(adjusted, request.DefaultShmSize);
        if (string.IsNullOrEmpty(config.Hostname))
            config = config with { Hostname = ContainerSpecBuilder.IsHostNetwork(host) ? HostName() : request.Id[..ContainerId.ShortLength] };
        if (!string.IsNullOrEmpty(config.WorkingDir)) config = config with { WorkingDir = CleanPath(config.WorkingDir) };

        var container = new Container
        {
            Id = request.Id,
            Name = request.Name.StartsWith('/') ? request.Name : "/" + request.Name,
            Created = request.Created,
            Path = path,
            Args = args,
            ImageId = request.ImageId,
            ImageName = request.Config.Image ?? request.ImageId,
            Config = config,
            HostSettings = host,
            Mounts = MountCheck.MountPoints(host) is { Count: > 0 } points ? points : null,
            Networks = RequestedEndpoints(request, host),
            State = new ContainerState { Status = ContainerStatus.Created },
        };
        return (container, warnings);
    }

    /// <summary>
    /// The main network's endpoint as asked (MAC address, link-local IPs), filed under inspect's name
    /// for it. Nothing applies them until Wharf has bridge networking; inspect shows them as moby does.
    /// </summary>
    private static Dictionary<string, ContainerEndpoint>? RequestedEndpoints(ContainerCreateRequest request, HostSettings host)
    {
        string mode = string.IsNullOrEmpty(host.NetworkMode) ? "default" : host.NetworkMode;
        if (mode.StartsWith("container:", StringComparison.Ordinal)) return null;
        var wanted = request.Endpoints is not null && request.Endpoints.TryGetValue(mode, out var endpoint) ? endpoint : null;
        string mac = wanted?.MacAddress is { Length: > 0 } m ? m : request.Config.MacAddress ?? "";
        if (mac.Length == 0 && wanted?.LinkLocalIPs is not { Count: > 0 }) return null;
        return new Dictionary<string, ContainerEndpoint>(StringComparer.Ordinal)
        {
            [EndpointCheck.InspectName(mode)] = new ContainerEndpoint { MacAddress = mac, Aliases = wanted?.Aliases, LinkLocalIPs = wanted?.LinkLocalIPs },
        };
    }

    /// <summary>Go's filepath.Clean for an absolute path: no ".", "..", or doubled or trailing slashes.</summary>
    public static string CleanPath(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    private static string HostName()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Environment.MachineName;
        }
    }
}
