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
    };

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
        };
    }

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
        GraphDriver = new Wire.DriverData { Name = "overlayfs" },
        Config = FromConfig(c.Config),
    };

    /// <summary>The COMMAND column: the command as one line, as moby joins Path and Args.</summary>
    /// <summary>The list's Command as moby's view.go writes it: the path, then the arguments, each one with a space in single quotes.</summary>
    public static string CommandLine(Container c) =>
        c.Args.Count == 0 ? c.Path : c.Path + " " + string.Join(' ', c.Args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
