namespace Wharf.Core.Oci;

// The `linux` section of config.json (https://github.com/opencontainers/runtime-spec/blob/main/config-linux.md).

public sealed record LinuxSpec
{
    public List<NamespaceSpec>? Namespaces { get; init; }
    public List<IdMappingSpec>? UidMappings { get; init; }
    public List<IdMappingSpec>? GidMappings { get; init; }
    public List<DeviceSpec>? Devices { get; init; }
    public string? CgroupsPath { get; init; }
    public LinuxResources? Resources { get; init; }
    public Dictionary<string, string>? Sysctl { get; init; }
    public SeccompSpec? Seccomp { get; init; }
    public string? RootfsPropagation { get; init; }
    public List<string>? MaskedPaths { get; init; }
    public List<string>? ReadonlyPaths { get; init; }
    public string? MountLabel { get; init; }
}

public sealed record NamespaceSpec
{
    public string Type { get; init; } = "";
    public string? Path { get; init; }
}

public sealed record IdMappingSpec
{
    public uint ContainerID { get; init; }
    public uint HostID { get; init; }
    public uint Size { get; init; }
}

public sealed record DeviceSpec
{
    public string Type { get; init; } = "";
    public string Path { get; init; } = "";
    public long Major { get; init; }
    public long Minor { get; init; }
    public uint? FileMode { get; init; }
    public uint? Uid { get; init; }
    public uint? Gid { get; init; }
}

public sealed record LinuxResources
{
    public List<DeviceCgroupRule>? Devices { get; init; }
    public MemoryResources? Memory { get; init; }
    public CpuResources? Cpu { get; init; }
    public PidsResources? Pids { get; init; }
    public BlockIoResources? BlockIO { get; init; }
    public Dictionary<string, string>? Unified { get; init; }
}

public sealed record DeviceCgroupRule
{
    public bool Allow { get; init; }
    public string? Type { get; init; }
    public long? Major { get; init; }
    public long? Minor { get; init; }
    public string? Access { get; init; }
}

public sealed record MemoryResources
{
    public long? Limit { get; init; }
    public long? Reservation { get; init; }
    public long? Swap { get; init; }
    public long? Kernel { get; init; }
    public long? KernelTCP { get; init; }
    public ulong? Swappiness { get; init; }
    public bool? DisableOOMKiller { get; init; }
}

public sealed record CpuResources
{
    public ulong? Shares { get; init; }
    public long? Quota { get; init; }
    public ulong? Period { get; init; }
    public long? RealtimeRuntime { get; init; }
    public ulong? RealtimePeriod { get; init; }
    public string? Cpus { get; init; }
    public string? Mems { get; init; }
}

public sealed record PidsResources
{
    public long Limit { get; init; }
}

public sealed record BlockIoResources
{
    public ushort? Weight { get; init; }
    public List<WeightDeviceSpec>? WeightDevice { get; init; }
    public List<ThrottleDeviceSpec>? ThrottleReadBpsDevice { get; init; }
    public List<ThrottleDeviceSpec>? ThrottleWriteBpsDevice { get; init; }
    public List<ThrottleDeviceSpec>? ThrottleReadIOPSDevice { get; init; }
    public List<ThrottleDeviceSpec>? ThrottleWriteIOPSDevice { get; init; }
}

/// <summary>A block device's proportional weight (linux.resources.blockIO.weightDevice).</summary>
public sealed record WeightDeviceSpec
{
    public long Major { get; init; }
    public long Minor { get; init; }
    public ushort? Weight { get; init; }
}

/// <summary>A block device's rate limit in bytes or operations per second (linux.resources.blockIO.throttle*).</summary>
public sealed record ThrottleDeviceSpec
{
    public long Major { get; init; }
    public long Minor { get; init; }
    public ulong Rate { get; init; }
}

public sealed record SeccompSpec
{
    public string DefaultAction { get; init; } = "";
    public uint? DefaultErrnoRet { get; init; }
    public List<string>? Architectures { get; init; }
    public List<string>? Flags { get; init; }
    public List<SeccompSyscall>? Syscalls { get; init; }
}

public sealed record SeccompSyscall
{
    public List<string> Names { get; init; } = [];
    public string Action { get; init; } = "";
    public uint? ErrnoRet { get; init; }
    public List<SeccompArg>? Args { get; init; }
}

public sealed record SeccompArg
{
    public uint Index { get; init; }
    public ulong Value { get; init; }
    public ulong ValueTwo { get; init; }
    public string Op { get; init; } = "";
}
