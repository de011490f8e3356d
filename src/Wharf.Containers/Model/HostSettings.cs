namespace Wharf.Containers;

/// <summary>
/// The part of Docker's HostConfig the engine honours or records, under Docker's property names.
/// Sizes are bytes, CPU quota/period microseconds, NanoCpus 1e-9 CPUs, as in the Engine API.
/// </summary>
public sealed record HostSettings
{
    public RestartPolicy RestartPolicy { get; init; } = new();
    public bool AutoRemove { get; init; }

    public long Memory { get; init; }

    /// <summary>Memory plus swap; 0 with <see cref="Memory"/> set means twice the memory (Docker's default), -1 unlimited.</summary>
    public long MemorySwap { get; init; }

    public long MemoryReservation { get; init; }
    public long NanoCpus { get; init; }
    public long CpuShares { get; init; }
    public long CpuQuota { get; init; }
    public long CpuPeriod { get; init; }
    public string? CpusetCpus { get; init; }

    /// <summary>null: unset; 0 or less: unlimited.</summary>
    public long? PidsLimit { get; init; }

    public int OomScoreAdj { get; init; }
    public bool ReadonlyRootfs { get; init; }
    public IReadOnlyList<string>? CapAdd { get; init; }
    public IReadOnlyList<string>? CapDrop { get; init; }
    public bool Privileged { get; init; }

    /// <summary>Run an init (docker-init) as PID 1; null is the daemon's default.</summary>
    public bool? Init { get; init; }

    /// <summary>"" or "default" or "bridge", "none", "host", or a network name.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>"source:destination[:options]" as `-v` takes them.</summary>
    public IReadOnlyList<string>? Binds { get; init; }

    /// <summary>"port/proto" → host bindings.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PortBinding>>? PortBindings { get; init; }

    public IReadOnlyList<string>? Dns { get; init; }
    public IReadOnlyList<string>? DnsSearch { get; init; }
    public IReadOnlyList<string>? DnsOptions { get; init; }

    /// <summary>"name:ip" entries for /etc/hosts.</summary>
    public IReadOnlyList<string>? ExtraHosts { get; init; }

    /// <summary>"seccomp=unconfined", "seccomp=PROFILE-JSON", "no-new-privileges[:true|false]", ...</summary>
    public IReadOnlyList<string>? SecurityOpt { get; init; }

    /// <summary>Container path → tmpfs mount options ("size=64m,mode=1777").</summary>
    public IReadOnlyDictionary<string, string>? Tmpfs { get; init; }

    /// <summary>Size of /dev/shm; 0 is Docker's default of 64 MiB.</summary>
    public long ShmSize { get; init; }

    public IReadOnlyDictionary<string, string>? Sysctls { get; init; }
    public IReadOnlyList<Ulimit>? Ulimits { get; init; }
    public LogConfig LogConfig { get; init; } = new();

    /// <summary>[height, width] of the tty, as Docker's API sends it.</summary>
    public IReadOnlyList<uint>? ConsoleSize { get; init; }

    /// <summary>Extra groups (names or gids) for the container's process.</summary>
    public IReadOnlyList<string>? GroupAdd { get; init; }

    /// <summary>`--mount`s, in the order given.</summary>
    public IReadOnlyList<MountRequest>? Mounts { get; init; }

    /// <summary>Legacy links on the default network, "name[:alias]".</summary>
    public IReadOnlyList<string>? Links { get; init; }

    /// <summary>Block I/O weight, 10 to 1000; 0 is unset.</summary>
    public int BlkioWeight { get; init; }

    public IReadOnlyList<BlkioWeightDevice>? BlkioWeightDevice { get; init; }
    public IReadOnlyList<BlkioThrottleDevice>? BlkioDeviceReadBps { get; init; }
    public IReadOnlyList<BlkioThrottleDevice>? BlkioDeviceWriteBps { get; init; }
    public IReadOnlyList<BlkioThrottleDevice>? BlkioDeviceReadIOps { get; init; }
    public IReadOnlyList<BlkioThrottleDevice>? BlkioDeviceWriteIOps { get; init; }

    /// <summary>`--gpus` and CDI device requests; Wharf has no device driver, so starting such a container fails as moby's does without one.</summary>
    public IReadOnlyList<DeviceRequest>? DeviceRequests { get; init; }

    /// <summary>Windows-only; moby on Linux keeps it and does nothing with it.</summary>
    public long CpuCount { get; init; }

    /// <summary>Windows-only; moby on Linux discards it with a warning.</summary>
    public long CpuPercent { get; init; }

    /// <summary>Windows-only; refused on Linux.</summary>
    public long IOMaximumIOps { get; init; }

    /// <summary>Windows-only; refused on Linux.</summary>
    public long IOMaximumBandwidth { get; init; }
}

/// <summary>Docker's restart policy: "" or "no", "always", "unless-stopped", "on-failure".</summary>
public sealed record RestartPolicy
{
    public string Name { get; init; } = "";
    public int MaximumRetryCount { get; init; }
}

/// <summary>One host side of a published port; an empty HostPort means "any free port".</summary>
public sealed record PortBinding
{
    public string HostIp { get; init; } = "";
    public string HostPort { get; init; } = "";
}

/// <summary>One rlimit by Docker's name ("nofile", "nproc", ...).</summary>
public sealed record Ulimit
{
    public string Name { get; init; } = "";
    public long Soft { get; init; }
    public long Hard { get; init; }
}

/// <summary>The log driver and its options; Wharf writes json-file.</summary>
public sealed record LogConfig
{
    public string Type { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Config { get; init; }
}
