using System.Text.Json.Serialization;

namespace Wharf.Api.Types;

/// <summary>
/// The host-dependent part of a container's configuration (Go's container.HostConfig, with
/// Resources embedded). Numbers the client left out are 0, which means "unset" as in Docker.
/// </summary>
public sealed class HostConfig
{
    // Resources
    public long CpuShares { get; set; }
    public long Memory { get; set; }
    public string? CgroupParent { get; set; }
    public int BlkioWeight { get; set; }
    public List<WeightDevice>? BlkioWeightDevice { get; set; }
    public List<ThrottleDevice>? BlkioDeviceReadBps { get; set; }
    public List<ThrottleDevice>? BlkioDeviceWriteBps { get; set; }
    public List<ThrottleDevice>? BlkioDeviceReadIOps { get; set; }
    public List<ThrottleDevice>? BlkioDeviceWriteIOps { get; set; }
    public long CpuPeriod { get; set; }
    public long CpuQuota { get; set; }
    public long CpuRealtimePeriod { get; set; }
    public long CpuRealtimeRuntime { get; set; }
    public string? CpusetCpus { get; set; }
    public string? CpusetMems { get; set; }
    public List<DeviceMapping>? Devices { get; set; }
    public List<string>? DeviceCgroupRules { get; set; }
    public List<DeviceRequest>? DeviceRequests { get; set; }
    public long KernelMemoryTCP { get; set; }
    public long MemoryReservation { get; set; }
    public long MemorySwap { get; set; }

    /// <summary>-1 (what docker run sends) or null: the kernel's default.</summary>
    public long? MemorySwappiness { get; set; }
    public long NanoCpus { get; set; }
    public bool? OomKillDisable { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Init { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PidsLimit { get; set; }
    public List<Ulimit>? Ulimits { get; set; }
    public long CpuCount { get; set; }
    public long CpuPercent { get; set; }
    public long IOMaximumIOps { get; set; }
    public long IOMaximumBandwidth { get; set; }

    // Host
    public List<string>? Binds { get; set; }
    public string? ContainerIDFile { get; set; }
    public LogConfig? LogConfig { get; set; }
    public string? NetworkMode { get; set; }

    /// <summary>"80/tcp" → bindings (null allowed).</summary>
    public Dictionary<string, List<PortBinding>?>? PortBindings { get; set; }
    public RestartPolicy? RestartPolicy { get; set; }
    public bool AutoRemove { get; set; }
    public string? VolumeDriver { get; set; }
    public List<string>? VolumesFrom { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<Mount>? Mounts { get; set; }

    /// <summary>[height, width]; [0, 0] when stdout is not a terminal.</summary>
    public int[]? ConsoleSize { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Annotations { get; set; }
    public List<string>? CapAdd { get; set; }
    public List<string>? CapDrop { get; set; }
    public string? CgroupnsMode { get; set; }
    public List<string>? Dns { get; set; }
    public List<string>? DnsOptions { get; set; }
    public List<string>? DnsSearch { get; set; }
    public List<string>? ExtraHosts { get; set; }
    public List<string>? GroupAdd { get; set; }
    public string? IpcMode { get; set; }
    public string? Cgroup { get; set; }
    public List<string>? Links { get; set; }
    public int OomScoreAdj { get; set; }
    public string? PidMode { get; set; }
    public bool Privileged { get; set; }
    public bool PublishAllPorts { get; set; }
    public bool ReadonlyRootfs { get; set; }
    public List<string>? SecurityOpt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? StorageOpt { get; set; }

    /// <summary>Mount point → options ("rw,size=64m").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Tmpfs { get; set; }
    public string? UTSMode { get; set; }
    public string? UsernsMode { get; set; }
    public long ShmSize { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Sysctls { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Runtime { get; set; }
    public string? Isolation { get; set; }
    public List<string>? MaskedPaths { get; set; }
    public List<string>? ReadonlyPaths { get; set; }
}

/// <summary>"no", "always", "unless-stopped", "on-failure" (with a retry count); "" means "no".</summary>
public sealed class RestartPolicy
{
    public string Name { get; set; } = "";
    public int MaximumRetryCount { get; set; }
}

public sealed class LogConfig
{
    public string Type { get; set; } = "";
    public Dictionary<string, string> Config { get; set; } = [];
}

public sealed class PortBinding
{
    public string HostIp { get; set; } = "";
    public string HostPort { get; set; } = "";
}

public sealed class DeviceMapping
{
    public string PathOnHost { get; set; } = "";
    public string PathInContainer { get; set; } = "";
    public string CgroupPermissions { get; set; } = "";
}

public sealed class DeviceRequest
{
    public string Driver { get; set; } = "";
    public int Count { get; set; }
    public List<string>? DeviceIDs { get; set; }
    public List<List<string>>? Capabilities { get; set; }
    public Dictionary<string, string>? Options { get; set; }
}

public sealed class ThrottleDevice
{
    public string Path { get; set; } = "";
    public long Rate { get; set; }
}

public sealed class WeightDevice
{
    public string Path { get; set; } = "";
    public int Weight { get; set; }
}

public sealed class Ulimit
{
    public string Name { get; set; } = "";
    public long Soft { get; set; }
    public long Hard { get; set; }
}

/// <summary>A <c>--mount</c>: bind, volume, tmpfs, image, npipe or cluster. Empty members are left out, as Go's omitempty does.</summary>
public sealed class Mount
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Target { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReadOnly { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Consistency { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BindOptions? BindOptions { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VolumeOptions? VolumeOptions { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImageMountOptions? ImageOptions { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TmpfsOptions? TmpfsOptions { get; set; }
}

public sealed class BindOptions
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Propagation { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NonRecursive { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool CreateMountpoint { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReadOnlyNonRecursive { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReadOnlyForceRecursive { get; set; }
}

public sealed class VolumeOptions
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoCopy { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Labels { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subpath { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VolumeDriverConfig? DriverConfig { get; set; }
}

public sealed class VolumeDriverConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Options { get; set; }
}

public sealed class ImageMountOptions
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subpath { get; set; }
}

public sealed class TmpfsOptions
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long SizeBytes { get; set; }

    /// <summary>The file mode, sent as a decimal number (Go's os.FileMode).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Mode { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<List<string>>? Options { get; set; }
}
