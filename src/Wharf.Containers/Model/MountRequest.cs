namespace Wharf.Containers;

/// <summary>
/// One HostConfig.Mounts entry (a `--mount`), kept as the client sent it so inspect shows it back.
/// Wharf mounts "bind" and "tmpfs"; the other types are refused at create (<see cref="MountCheck"/>).
/// </summary>
public sealed record MountRequest
{
    /// <summary>"bind", "tmpfs", "volume", "image", "npipe", "cluster" (or anything a client sends).</summary>
    public string Type { get; init; } = "";
    public string Source { get; init; } = "";
    public string Target { get; init; } = "";
    public bool ReadOnly { get; init; }
    public string? Consistency { get; init; }
    public MountBindOptions? BindOptions { get; init; }
    public MountTmpfsOptions? TmpfsOptions { get; init; }

    /// <summary>The client sent VolumeOptions (kept only to refuse them with moby's words).</summary>
    public bool HasVolumeOptions { get; init; }

    /// <summary>The client sent ImageOptions (kept only to refuse them with moby's words).</summary>
    public bool HasImageOptions { get; init; }
}

public sealed record MountBindOptions
{
    /// <summary>"" (rprivate), "private", "rprivate", "shared", "rshared", "slave", "rslave".</summary>
    public string? Propagation { get; init; }
    public bool NonRecursive { get; init; }
    public bool CreateMountpoint { get; init; }
    public bool ReadOnlyNonRecursive { get; init; }
    public bool ReadOnlyForceRecursive { get; init; }
}

public sealed record MountTmpfsOptions
{
    public long SizeBytes { get; init; }

    /// <summary>Permission bits (and sticky/setuid bits) of the tmpfs root.</summary>
    public int Mode { get; init; }

    /// <summary>Extra options as [name] or [name, value]: moby allows "exec" and "noexec".</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Options { get; init; }
}

/// <summary>A block device's weight (HostConfig.BlkioWeightDevice).</summary>
public sealed record BlkioWeightDevice
{
    public string Path { get; init; } = "";
    public int Weight { get; init; }
}

/// <summary>A block device's rate limit (HostConfig.BlkioDevice{Read,Write}{Bps,IOps}).</summary>
public sealed record BlkioThrottleDevice
{
    public string Path { get; init; } = "";
    public long Rate { get; init; }
}

/// <summary>A request for devices from a device driver (`--gpus`): HostConfig.DeviceRequests.</summary>
public sealed record DeviceRequest
{
    public string Driver { get; init; } = "";
    public int Count { get; init; }
    public IReadOnlyList<string>? DeviceIDs { get; init; }
    public IReadOnlyList<IReadOnlyList<string>>? Capabilities { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}
