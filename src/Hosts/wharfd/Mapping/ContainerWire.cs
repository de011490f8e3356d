using Wharf.Api;
using Wharf.Containers;
using Wire = Wharf.Api.Types;

namespace Wharf.Daemon.Mapping;

/// <summary>Between the API's container shapes and the engine's records: the one place that knows both.</summary>
internal static class ContainerWire
{
    public static ContainerConfig ToConfig(Wire.ContainerConfig wire) => new()
    {
        Hostname = NullIfEmpty(wire.Hostname),
        Domainname = NullIfEmpty(wire.Domainname),
        User = NullIfEmpty(wire.User),
        Env = wire.Env,
        Cmd = wire.Cmd,
        Entrypoint = wire.Entrypoint,
        WorkingDir = NullIfEmpty(wire.WorkingDir),
        Tty = wire.Tty,
        OpenStdin = wire.OpenStdin,
        StdinOnce = wire.StdinOnce,
        AttachStdin = wire.AttachStdin,
        AttachStdout = wire.AttachStdout,
        AttachStderr = wire.AttachStderr,
        Labels = wire.Labels,
        Image = wire.Image,
        ExposedPorts = wire.ExposedPorts?.ToDictionary(p => p.Key, _ => new Wharf.Core.Oci.EmptyObject()),
        Volumes = wire.Volumes?.ToDictionary(p => p.Key, _ => new Wharf.Core.Oci.EmptyObject()),
        StopSignal = NullIfEmpty(wire.StopSignal),
        StopTimeout = wire.StopTimeout,
        MacAddress = NullIfEmpty(wire.MacAddress),
    };

    /// <summary>NetworkingConfig.EndpointsConfig as the engine checks and keeps it.</summary>
    public static Dictionary<string, EndpointRequest?>? ToEndpoints(Wire.NetworkingConfig? wire) =>
        wire?.EndpointsConfig?.ToDictionary(e => e.Key, e => e.Value is not { } endpoint ? null : new EndpointRequest
        {
            IPv4Address = endpoint.IPAMConfig?.IPv4Address ?? "",
            IPv6Address = endpoint.IPAMConfig?.IPv6Address ?? "",
            LinkLocalIPs = endpoint.IPAMConfig?.LinkLocalIPs,
            Aliases = endpoint.Aliases,
            Links = endpoint.Links,
            MacAddress = endpoint.MacAddress ?? "",
        }, StringComparer.Ordinal);

    /// <summary>inspect's NetworkSettings: the endpoints the container asked for (no addresses until Wharf has bridge networking).</summary>
    private static Wire.NetworkSettings NetworkSettings(Container c)
    {
        var settings = new Wire.NetworkSettings();
        foreach (var (name, endpoint) in c.Networks ?? new Dictionary<string, ContainerEndpoint>())
        {
            settings.Networks[name] = new Wire.EndpointSettings
            {
                IPAMConfig = endpoint.LinkLocalIPs is { Count: > 0 } ips ? new Wire.EndpointIpamConfig { LinkLocalIPs = [.. ips] } : null,
                MacAddress = endpoint.MacAddress,
                Aliases = endpoint.Aliases?.ToList(),
                NetworkID = endpoint.NetworkId,
                EndpointID = endpoint.EndpointId,
                Gateway = endpoint.Gateway,
                IPAddress = endpoint.IPAddress,
                IPPrefixLen = endpoint.IPPrefixLen,
            };
            if (name == EndpointCheck.InspectName(c.HostSettings.NetworkMode ?? "default")) settings.MacAddress = endpoint.MacAddress;
        }
        return settings;
    }

    private static List<Wire.MountPoint> MountPoints(Container c) => c.Mounts?.Select(m => new Wire.MountPoint
    {
        Type = m.Type, Name = NullIfEmpty(m.Name), Source = m.Source, Destination = m.Destination, Driver = NullIfEmpty(m.Driver),
        Mode = m.Mode, RW = m.RW, Propagation = m.Propagation,
    }).ToList() ?? [];

    public static HostSettings ToHostSettings(Wire.HostConfig? wire)
    {
        if (wire is null) return new HostSettings();
        return new HostSettings
        {
            RestartPolicy = new RestartPolicy { Name = wire.RestartPolicy?.Name ?? "", MaximumRetryCount = wire.RestartPolicy?.MaximumRetryCount ?? 0 },
            AutoRemove = wire.AutoRemove,
            Memory = wire.Memory,
            MemorySwap = wire.MemorySwap,
            MemoryReservation = wire.MemoryReservation,
            NanoCpus = wire.NanoCpus,
            CpuShares = wire.CpuShares,
            CpuQuota = wire.CpuQuota,
            CpuPeriod = wire.CpuPeriod,
            CpusetCpus = NullIfEmpty(wire.CpusetCpus),
            PidsLimit = wire.PidsLimit,
            OomScoreAdj = wire.OomScoreAdj,
            ReadonlyRootfs = wire.ReadonlyRootfs,
            CapAdd = wire.CapAdd,
            CapDrop = wire.CapDrop,
            Privileged = wire.Privileged,
            Init = wire.Init,
            NetworkMode = NullIfEmpty(wire.NetworkMode),
            Binds = wire.Binds,
            PortBindings = wire.PortBindings?.ToDictionary(p => p.Key, p => (IReadOnlyList<PortBinding>)(p.Value ?? [])
                .Select(b => new PortBinding { HostIp = b.HostIp, HostPort = b.HostPort }).ToList()),
            Dns = wire.Dns,
            DnsSearch = wire.DnsSearch,
            DnsOptions = wire.DnsOptions,
            ExtraHosts = wire.ExtraHosts,
            SecurityOpt = wire.SecurityOpt,
            Tmpfs = wire.Tmpfs,
            ShmSize = wire.ShmSize,
            Sysctls = wire.Sysctls,
            Ulimits = wire.Ulimits?.Select(u => new Ulimit { Name = u.Name, Soft = u.Soft, Hard = u.Hard }).ToList(),
            LogConfig = new LogConfig { Type = wire.LogConfig?.Type ?? "", Config = wire.LogConfig?.Config },
            ConsoleSize = wire.ConsoleSize?.Select(v => (uint)Math.Max(0, v)).ToList(),
            GroupAdd = wire.GroupAdd,
            Mounts = wire.Mounts?.Select(ToMount).ToList(),
            Links = wire.Links,
            BlkioWeight = wire.BlkioWeight,
            BlkioWeightDevice = wire.BlkioWeightDevice?.Select(d => new BlkioWeightDevice { Path = d.Path, Weight = d.Weight }).ToList(),
            BlkioDeviceReadBps = ToThrottles(wire.BlkioDeviceReadBps),
            BlkioDeviceWriteBps = ToThrottles(wire.BlkioDeviceWriteBps),
            BlkioDeviceReadIOps = ToThrottles(wire.BlkioDeviceReadIOps),
            BlkioDeviceWriteIOps = ToThrottles(wire.BlkioDeviceWriteIOps),
            DeviceRequests = wire.DeviceRequests?.Select(r => new DeviceRequest
            {
                Driver = r.Driver, Count = r.Count, DeviceIDs = r.DeviceIDs,
                Capabilities = r.Capabilities?.Select(c => (IReadOnlyList<string>)c).ToList(), Options = r.Options,
            }).ToList(),
            CpuCount = wire.CpuCount,
            CpuPercent = wire.CpuPercent,
            IOMaximumIOps = wire.IOMaximumIOps,
            IOMaximumBandwidth = wire.IOMaximumBandwidth,
        };
    }

    private static List<BlkioThrottleDevice>? ToThrottles(List<Wire.ThrottleDevice>? devices) =>
        devices?.Select(d => new BlkioThrottleDevice { Path = d.Path, Rate = d.Rate }).ToList();

    private static List<Wire.ThrottleDevice> FromThrottles(IReadOnlyList<BlkioThrottleDevice>? devices) =>
        devices?.Select(d => new Wire.ThrottleDevice { Path = d.Path, Rate = d.Rate }).ToList() ?? [];

    private static MountRequest ToMount(Wire.Mount m) => new()
    {
        Type = m.Type ?? "",
        Source = m.Source ?? "",
        Target = m.Target ?? "",
        ReadOnly = m.ReadOnly,
        Consistency = m.Consistency,
        BindOptions = m.BindOptions is { } b
            ? new MountBindOptions
            {
                Propagation = b.Propagation, NonRecursive = b.NonRecursive, CreateMountpoint = b.CreateMountpoint,
                ReadOnlyNonRecursive = b.ReadOnlyNonRecursive, ReadOnlyForceRecursive = b.ReadOnlyForceRecursive,
            }
            : null,
        TmpfsOptions = m.TmpfsOptions is { } t
            ? new MountTmpfsOptions { SizeBytes = t.SizeBytes, Mode = t.Mode, Options = t.Options?.Select(o => (IReadOnlyList<string>)o).ToList() }
            : null,
        HasVolumeOptions = m.VolumeOptions is not null,
        HasImageOptions = m.ImageOptions is not null,
    };

    private static Wire.Mount FromMount(MountRequest m) => new()
    {
        Type = NullIfEmpty(m.Type),
        Source = NullIfEmpty(m.Source),
        Target = NullIfEmpty(m.Target),
        ReadOnly = m.ReadOnly,
        Consistency = NullIfEmpty(m.Consistency),
        BindOptions = m.BindOptions is { } b
            ? new Wire.BindOptions
            {
                Propagation = NullIfEmpty(b.Propagation), NonRecursive = b.NonRecursive, CreateMountpoint = b.CreateMountpoint,
                ReadOnlyNonRecursive = b.ReadOnlyNonRecursive, ReadOnlyForceRecursive = b.ReadOnlyForceRecursive,
            }
            : null,
        TmpfsOptions = m.TmpfsOptions is { } t
            ? new Wire.TmpfsOptions { SizeBytes = t.SizeBytes, Mode = t.Mode, Options = t.Options?.Select(o => o.ToList()).ToList() }
            : null,
    };

    public static Wire.ContainerConfig FromConfig(ContainerConfig config) => new()
    {
        Hostname = config.Hostname ?? "",
        Domainname = config.Domainname ?? "",
        User = config.User ?? "",
        AttachStdin = config.AttachStdin,
        AttachStdout = config.AttachStdout,
        AttachStderr = config.AttachStderr,
        ExposedPorts = config.ExposedPorts?.ToDictionary(p => p.Key, _ => Wire.EmptyObject.Instance),
        Tty = config.Tty,
        OpenStdin = config.OpenStdin,
        StdinOnce = config.StdinOnce,
        Env = config.Env?.ToList(),
        Cmd = config.Cmd?.ToList(),
        Image = config.Image,
        Volumes = config.Volumes?.ToDictionary(p => p.Key, _ => Wire.EmptyObject.Instance),
        WorkingDir = config.WorkingDir ?? "",
        Entrypoint = config.Entrypoint?.ToList(),
        OnBuild = null,
        Labels = config.Labels is null ? [] : new Dictionary<string, string>(config.Labels),
        StopSignal = config.StopSignal,
        StopTimeout = config.StopTimeout,
    };

    public static Wire.HostConfig FromHostSettings(HostSettings host) => new()
    {
        RestartPolicy = new Wire.RestartPolicy { Name = host.RestartPolicy.Name, MaximumRetryCount = host.RestartPolicy.MaximumRetryCount },
        AutoRemove = host.AutoRemove,
        Memory = host.Memory,
        MemorySwap = host.MemorySwap,
        MemoryReservation = host.MemoryReservation,
        NanoCpus = host.NanoCpus,
        CpuShares = host.CpuShares,
        CpuQuota = host.CpuQuota,
        CpuPeriod = host.CpuPeriod,
        CpusetCpus = host.CpusetCpus ?? "",
        PidsLimit = host.PidsLimit,
        OomScoreAdj = host.OomScoreAdj,
        ReadonlyRootfs = host.ReadonlyRootfs,
        CapAdd = host.CapAdd?.ToList(),
        CapDrop = host.CapDrop?.ToList(),
        Privileged = host.Privileged,
        Init = host.Init,
        NetworkMode = host.NetworkMode ?? "default",
        Binds = host.Binds?.ToList(),
        PortBindings = host.PortBindings?.ToDictionary(p => p.Key,
            p => (List<Wire.PortBinding>?)p.Value.Select(b => new Wire.PortBinding { HostIp = b.HostIp, HostPort = b.HostPort }).ToList()) ?? [],
        Dns = host.Dns?.ToList() ?? [],
        DnsSearch = host.DnsSearch?.ToList() ?? [],
        DnsOptions = host.DnsOptions?.ToList() ?? [],
        ExtraHosts = host.ExtraHosts?.ToList(),
        SecurityOpt = host.SecurityOpt?.ToList(),
        Tmpfs = host.Tmpfs is null ? null : new Dictionary<string, string>(host.Tmpfs),
        ShmSize = host.ShmSize,
        Sysctls = host.Sysctls is null ? null : new Dictionary<string, string>(host.Sysctls),
        Ulimits = host.Ulimits?.Select(u => new Wire.Ulimit { Name = u.Name, Soft = u.Soft, Hard = u.Hard }).ToList(),
        LogConfig = new Wire.LogConfig
        {
            Type = string.IsNullOrEmpty(host.LogConfig.Type) ? "json-file" : host.LogConfig.Type,
            Config = host.LogConfig.Config is null ? [] : new Dictionary<string, string>(host.LogConfig.Config),
        },
        ConsoleSize = host.ConsoleSize?.Select(v => (int)v).ToArray() ?? [0, 0],
        GroupAdd = host.GroupAdd?.ToList(),
        Mounts = host.Mounts?.Select(FromMount).ToList(),
        Links = host.Links?.ToList(),
        BlkioWeight = host.BlkioWeight,
        BlkioWeightDevice = host.BlkioWeightDevice?.Select(d => new Wire.WeightDevice { Path = d.Path, Weight = d.Weight }).ToList() ?? [],
        BlkioDeviceReadBps = FromThrottles(host.BlkioDeviceReadBps),
        BlkioDeviceWriteBps = FromThrottles(host.BlkioDeviceWriteBps),
        BlkioDeviceReadIOps = FromThrottles(host.BlkioDeviceReadIOps),
        BlkioDeviceWriteIOps = FromThrottles(host.BlkioDeviceWriteIOps),
        DeviceRequests = host.DeviceRequests?.Select(r => new Wire.DeviceRequest
        {
            Driver = r.Driver, Count = r.Count, DeviceIDs = r.DeviceIDs?.ToList(),
            Capabilities = r.Capabilities?.Select(c => c.ToList()).ToList(),
            Options = r.Options is null ? null : new Dictionary<string, string>(r.Options),
        }).ToList(),
        CpuCount = host.CpuCount,
        CpuPercent = host.CpuPercent,
        IOMaximumIOps = host.IOMaximumIOps,
        IOMaximumBandwidth = host.IOMaximumBandwidth,
        CgroupnsMode = "private",
        IpcMode = "private",
        Isolation = "",
        Runtime = "runc",
    };

    public static Wire.ContainerSummary Summary(Container c, DateTimeOffset now) => new()
    {
        Id = c.Id,
        Names = [c.Name],
        Image = c.ImageName,
        ImageID = c.ImageId,
        Command = CommandLine(c),
        Created = ApiTime.Unix(c.Created),
        State = c.State.StatusName,
        Status = StatusText.Of(c.State, now),
        Labels = c.Config.Labels is null ? [] : new Dictionary<string, string>(c.Config.Labels),
        HostConfig = new Wire.SummaryHostConfig { NetworkMode = c.HostSettings.NetworkMode ?? "default" },
        Mounts = MountPoints(c),
    };

    public static Wire.ContainerInspectResponse Inspect(Container c, IReadOnlyList<string> execIds) => new()
    {
        Id = c.Id,
        Created = ApiTime.Format(c.Created),
        Path = c.Path,
        Args = [.. c.Args],
        State = new Wire.ContainerState
        {
            Status = c.State.StatusName,
            Running = c.State.Status is ContainerStatus.Running or ContainerStatus.Paused,
            Paused = c.State.Status == ContainerStatus.Paused,
            Restarting = c.State.Status == ContainerStatus.Restarting,
            OOMKilled = c.State.OomKilled,
            Dead = c.State.Status == ContainerStatus.Dead,
            Pid = c.State.Pid,
            ExitCode = c.State.ExitCode,
            Error = c.State.Error ?? "",
            StartedAt = ApiTime.Format(c.State.StartedAt),
            FinishedAt = ApiTime.Format(c.State.FinishedAt),
        },
        Image = c.ImageId,
        ResolvConfPath = c.ResolvConfPath ?? "",
        HostnamePath = c.HostnamePath ?? "",
        HostsPath = c.HostsPath ?? "",
        LogPath = c.LogPath ?? "",
        Name = c.Name,
        RestartCount = c.RestartCount,
        Driver = "overlayfs",
        ExecIDs = execIds.Count == 0 ? null : [.. execIds],
        HostConfig = FromHostSettings(c.HostSettings),
        Mounts = MountPoints(c),
        NetworkSettings = NetworkSettings(c),
        GraphDriver = new Wire.DriverData { Name = "overlayfs" },
        Config = FromConfig(c.Config),
    };

    /// <summary>The COMMAND column: the command as one line, as moby joins Path and Args.</summary>
    /// <summary>The list's Command as moby's view.go writes it: the path, then the arguments, each one with a space in single quotes.</summary>
    public static string CommandLine(Container c) =>
        c.Args.Count == 0 ? c.Path : c.Path + " " + string.Join(' ', c.Args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
