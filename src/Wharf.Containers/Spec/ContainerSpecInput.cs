namespace Wharf.Containers;

/// <summary>What <see cref="ContainerSpecBuilder"/> needs besides the container's record.</summary>
public sealed record ContainerSpecInput
{
    /// <summary>The record, its Config already merged with the image's (<see cref="ContainerCreation"/>).</summary>
    public required Container Container { get; init; }

    /// <summary>The mounted root filesystem (the overlay the daemon made). Its /etc/passwd and
    /// /etc/group are read, contained, to resolve the user.</summary>
    public required string RootfsPath { get; init; }

    /// <summary>The cgroup the container's cgroup goes under (cgroupfs form): cgroupsPath is PARENT/ID.</summary>
    public string CgroupParent { get; init; } = "/wharf";

    /// <summary>The host path of the init binary (docker-init/tini), bind-mounted read-only at /sbin/docker-init.</summary>
    public string? InitPath { get; init; }

    /// <summary>Whether containers whose HostSettings.Init is unset run the init (the daemon's --init).</summary>
    public bool InitByDefault { get; init; }

    /// <summary>
    /// A network namespace to join (one the network driver prepared, or another container's for
    /// "container:X"); null makes a new one, except for "host" networking, which shares the host's.
    /// </summary>
    public string? NetworkNamespacePath { get; init; }

    /// <summary>Volumes and binds the engine resolved, mounted after the defaults.</summary>
    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];

    /// <summary>The kernel "major.minor" for seccomp rules; null reads the running kernel's.</summary>
    public Version? KernelVersion { get; init; }

    /// <summary>Where host devices are read for a privileged container (tests point elsewhere).</summary>
    public string HostDevRoot { get; init; } = "/dev";

    /// <summary>A block device's major and minor numbers (blkio limits); null stats the host's path.</summary>
    public Func<string, (long Major, long Minor)>? DeviceNumber { get; init; }

    /// <summary>Where the host's sysctls are looked up, to add Docker's defaults only where they exist.</summary>
    public string HostProcSys { get; init; } = "/proc/sys";
}

/// <summary>A bind of a host path (a volume's data or a bind source) into the container.</summary>
public sealed record ContainerMount
{
    public required string Source { get; init; }
    public required string Destination { get; init; }
    public bool ReadOnly { get; init; }

    /// <summary>"rprivate" (Docker's default), "private", "rshared", "shared", "rslave", "slave".</summary>
    public string Propagation { get; init; } = "rprivate";

    /// <summary>A plain bind instead of Docker's default recursive one.</summary>
    public bool NonRecursive { get; init; }
}
