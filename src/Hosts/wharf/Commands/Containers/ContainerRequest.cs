using System.Text.Json;
using Wharf.Api.Types;
using Wharf.Cli.Options;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// docker/cli's parse(): the flags of run/create, the image and the command become the body of
/// POST /containers/create. A bad combination throws <see cref="CliError"/> with docker's text
/// (the caller adds "Run '... --help'" and exit 125).
/// </summary>
internal static class ContainerRequest
{
    /// <param name="environment">The CLI's environment (-e NAME and env files take values from it).</param>
    /// <param name="consoleSize">Rows and columns of the CLI's terminal; (0, 0) when stdout is not one.</param>
    public static ContainerCreateRequest Build(ContainerOptions o, string image, IReadOnlyList<string> command,
        Func<string, string?> environment, string currentDirectory, (int Rows, int Columns) consoleSize)
    {
        if (o.MacAddress.Value.Length > 0 && !MacAddressText.IsValid(o.MacAddress.Value))
            throw new CliError($"{o.MacAddress.Value} is not a valid mac address");
        IReadOnlyList<string> attach = o.Attach.Value;
        bool attachStdin = attach.Contains("stdin") || o.Interactive.Value;
        bool attachStdout = attach.Count == 0 || attach.Contains("stdout");
        bool attachStderr = attach.Count == 0 || attach.Contains("stderr");

        if (o.MemorySwappiness.Value != -1 && o.MemorySwappiness.Value is < 0 or > 100)
            throw new CliError($"invalid value: {o.MemorySwappiness.Value}. Valid memory swappiness range is 0-100");

        (List<string> binds, Dictionary<string, EmptyObject> volumes) = VolumeSpec.Split(o.Volumes.Value, currentDirectory);

        var tmpfs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string t in o.Tmpfs.Value)
        {
            int colon = t.IndexOf(':');
            tmpfs[colon < 0 ? t : t[..colon]] = colon < 0 ? "" : t[(colon + 1)..];
        }

        List<string>? entrypoint = o.Entrypoint.Value.Length > 0 ? [o.Entrypoint.Value] : o.Entrypoint.Changed ? [""] : null;

        var exposed = new Dictionary<string, EmptyObject>(StringComparer.Ordinal);
        var bindings = new Dictionary<string, List<PortBinding>?>(StringComparer.Ordinal);
        PortSpec.Publish(o.Publish.Value, exposed, bindings);
        PortSpec.Expose(o.Expose.Value, exposed);

        List<DeviceMapping> devices = o.Devices.Value.Select(DeviceSpec.Parse).ToList();
        List<string> env = KeyValueOptions.Environment(o.EnvFile.Value, o.Env.Value, environment);
        Dictionary<string, string> labels = KeyValueOptions.Labels(o.LabelFile.Value, o.Labels.Value);

        CheckMode(o.Pid.Value, "--pid: invalid PID mode", allowContainer: true, "host");
        CheckMode(o.Uts.Value, "--uts: invalid UTS mode", allowContainer: false, "host");
        CheckMode(o.Userns.Value, "--userns: invalid USER mode", allowContainer: false, "host");
        CheckMode(o.Cgroupns.Value, "--cgroupns: invalid CGROUP mode", allowContainer: false, "host", "private");

        RestartPolicy restart = RestartPolicyOption.Parse(o.Restart.Value);
        if (o.LogDriver.Value == "none" && o.LogOpt.Value.Count > 0)
            throw new CliError($"invalid logging opts for driver {o.LogDriver.Value}");
        (List<string> securityOpts, List<string>? maskedPaths, List<string>? readonlyPaths) = SecurityOptions(o.SecurityOpt.Value);

        var storageOpts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string option in o.StorageOpt.Value)
        {
            int eq = option.IndexOf('=');
            if (eq < 0) throw new CliError("invalid storage option");
            storageOpts[option[..eq]] = option[(eq + 1)..];
        }

        List<Mount> mounts = o.Mounts.Value.Select(m => MountOption.Parse(m, currentDirectory)).ToList();
        List<DeviceRequest> deviceRequests = o.Gpus.Value.Select(GpuRequest.Parse).ToList();
        IReadOnlyList<NetworkAttachment> networks = o.Networks;
        string networkMode = networks.Count > 0 ? networks[0].Target : "default";
        NetworkingConfig networking = Networking(o, networks);

        var request = new ContainerCreateRequest
        {
            Hostname = o.Hostname.Value,
            Domainname = o.Domainname.Value,
            User = o.User.Value,
            ExposedPorts = exposed.Count > 0 ? exposed : null,
            Tty = o.Tty.Value,
            OpenStdin = o.Interactive.Value,
            AttachStdin = attachStdin,
            AttachStdout = attachStdout,
            AttachStderr = attachStderr,
            // When stdin is attached, the container's stdin closes when the client disconnects.
            StdinOnce = o.Interactive.Value && attachStdin,
            Env = env.Count > 0 ? env : null,
            Cmd = command.Count > 0 ? [.. command] : null,
            Image = image,
            Volumes = volumes.Count > 0 ? volumes : null,
            Entrypoint = entrypoint,
            WorkingDir = o.Workdir.Value,
            Labels = labels,
            StopSignal = o.StopSignal.Value.Length > 0 ? o.StopSignal.Value : null,
            StopTimeout = o.StopTimeout.Changed ? (int)o.StopTimeout.Value : null,
            Healthcheck = Health(o),
            HostConfig = new HostConfig
            {
                Binds = binds.Count > 0 ? binds : null,
                ContainerIDFile = o.CidFile.Value,
                OomScoreAdj = (int)o.OomScoreAdj.Value,
                AutoRemove = o.AutoRemove.Value,
                Privileged = o.Privileged.Value,
                PortBindings = bindings,
                PublishAllPorts = o.PublishAll.Value,
                Dns = [.. o.Dns.Value],
                DnsSearch = [.. o.DnsSearch.Value],
                DnsOptions = [.. o.DnsOption.Value, .. o.DnsOpt.Value],
                ExtraHosts = NullIfEmpty(o.AddHost.Value),
                VolumesFrom = NullIfEmpty(o.VolumesFrom.Value),
                IpcMode = o.Ipc.Value,
                NetworkMode = networkMode,
                Links = NullIfEmpty(o.Links.Value),
                PidMode = o.Pid.Value,
                UTSMode = o.Uts.Value,
                UsernsMode = o.Userns.Value,
                CgroupnsMode = o.Cgroupns.Value,
                CapAdd = NullIfEmpty(o.CapAdd.Value),
                CapDrop = NullIfEmpty(o.CapDrop.Value),
                GroupAdd = NullIfEmpty(o.GroupAdd.Value),
                RestartPolicy = restart,
                SecurityOpt = NullIfEmpty(securityOpts),
                StorageOpt = storageOpts.Count > 0 ? storageOpts : null,
                ReadonlyRootfs = o.ReadOnly.Value,
                LogConfig = new LogConfig { Type = o.LogDriver.Value, Config = KeyValueOptions.ToMap(o.LogOpt.Value) },
                VolumeDriver = o.VolumeDriver.Value,
                Isolation = o.Isolation.Value,
                ShmSize = o.ShmSize.Value,
                Tmpfs = tmpfs.Count > 0 ? tmpfs : null,
                Mounts = mounts.Count > 0 ? mounts : null,
                Sysctls = o.Sysctls.Value.Count > 0 ? KeyValueOptions.ToMap(o.Sysctls.Value) : null,
                Runtime = o.Runtime.Value.Length > 0 ? o.Runtime.Value : null,
                MaskedPaths = maskedPaths,
                ReadonlyPaths = readonlyPaths,
                Annotations = o.Annotations.Value.Count > 0 ? new Dictionary<string, string>(o.Annotations.Value) : null,
                ConsoleSize = [consoleSize.Rows, consoleSize.Columns],

                CgroupParent = o.CgroupParent.Value,
                Memory = o.Memory.Value,
                MemoryReservation = o.MemoryReservation.Value,
                MemorySwap = o.MemorySwap.Value,
                MemorySwappiness = o.MemorySwappiness.Value,
                OomKillDisable = o.OomKillDisable.Value,
                NanoCpus = o.Cpus.Value,
                CpuShares = o.CpuShares.Value,
                CpuPeriod = o.CpuPeriod.Value,
                CpuQuota = o.CpuQuota.Value,
                CpuRealtimePeriod = o.CpuRtPeriod.Value,
                CpuRealtimeRuntime = o.CpuRtRuntime.Value,
                CpusetCpus = o.CpusetCpus.Value,
                CpusetMems = o.CpusetMems.Value,
                PidsLimit = o.PidsLimit.Changed ? o.PidsLimit.Value : null,
                BlkioWeight = (int)o.BlkioWeight.Value,
                BlkioWeightDevice = o.BlkioWeightDevice.Value.Select(BlkioDeviceOption.Weight).ToList(),
                BlkioDeviceReadBps = o.DeviceReadBps.Value.Select(BlkioDeviceOption.Bps).ToList(),
                BlkioDeviceWriteBps = o.DeviceWriteBps.Value.Select(BlkioDeviceOption.Bps).ToList(),
                BlkioDeviceReadIOps = o.DeviceReadIops.Value.Select(BlkioDeviceOption.Iops).ToList(),
                BlkioDeviceWriteIOps = o.DeviceWriteIops.Value.Select(BlkioDeviceOption.Iops).ToList(),
                CpuCount = o.CpuCount.Value,
                CpuPercent = o.CpuPercent.Value,
                IOMaximumBandwidth = o.IoMaxBandwidth.Value,
                IOMaximumIOps = o.IoMaxIops.Value,
                DeviceRequests = deviceRequests.Count > 0 ? deviceRequests : null,
                Ulimits = UlimitOption.ToList(o.Ulimits.Value),
                DeviceCgroupRules = NullIfEmpty(o.DeviceCgroupRules.Value),
                Devices = devices,
                // Only sent when given: the daemon's default (--init in daemon.json) applies otherwise.
                Init = o.Init.Changed ? o.Init.Value : null,
            },
            NetworkingConfig = networking,
        };
        // The main endpoint's MAC also goes in Config for daemons before API 1.44 (ContainerCreation drops it for newer ones).
        if (networking.EndpointsConfig!.TryGetValue(NetworkAttachment.NetworkName(networkMode), out EndpointSettings? main) && main is not null)
            request.MacAddress = main.MacAddress.Length > 0 ? main.MacAddress : null;

        if (o.AutoRemove.Value && !RestartPolicyOption.IsNone(restart))
            throw new CliError("conflicting options: cannot specify both --restart and --rm");
        return request;
    }

    private static List<string>? NullIfEmpty(IReadOnlyList<string> values) => values.Count > 0 ? [.. values] : null;

    /// <summary>"", a listed word, or "container:NAME" where allowed (the modes' Valid()).</summary>
    private static void CheckMode(string mode, string error, bool allowContainer, params string[] words)
    {
        if (mode.Length == 0 || words.Contains(mode)) return;
        if (allowContainer && mode.StartsWith("container:", StringComparison.Ordinal) && mode.Length > "container:".Length && mode.Count(c => c == ':') == 1)
            return;
        throw new CliError(error);
    }

    /// <summary>The health check flags (--no-healthcheck conflicts with them); null when none is given.</summary>
    private static HealthConfig? Health(ContainerOptions o)
    {
        bool any = o.HealthCmd.Value.Length > 0 || o.HealthInterval.Value != TimeSpan.Zero || o.HealthTimeout.Value != TimeSpan.Zero
            || o.HealthStartPeriod.Value != TimeSpan.Zero || o.HealthRetries.Value != 0 || o.HealthStartInterval.Value != TimeSpan.Zero;
        if (o.NoHealthcheck.Value)
        {
            if (any) throw new CliError("--no-healthcheck conflicts with --health-* options");
            return new HealthConfig { Test = ["NONE"] };
        }
        if (!any) return null;
        if (o.HealthInterval.Value < TimeSpan.Zero) throw new CliError("--health-interval cannot be negative");
        if (o.HealthTimeout.Value < TimeSpan.Zero) throw new CliError("--health-timeout cannot be negative");
        if (o.HealthRetries.Value < 0) throw new CliError("--health-retries cannot be negative");
        if (o.HealthStartPeriod.Value < TimeSpan.Zero) throw new CliError("--health-start-period cannot be negative");
        if (o.HealthStartInterval.Value < TimeSpan.Zero) throw new CliError("--health-start-interval cannot be negative");
        return new HealthConfig
        {
            Test = o.HealthCmd.Value.Length > 0 ? ["CMD-SHELL", o.HealthCmd.Value] : null,
            Interval = o.HealthInterval.Value.Ticks * 100,
            Timeout = o.HealthTimeout.Value.Ticks * 100,
            StartPeriod = o.HealthStartPeriod.Value.Ticks * 100,
            StartInterval = o.HealthStartInterval.Value.Ticks * 100,
            Retries = (int)o.HealthRetries.Value,
        };
    }

    /// <summary>
    /// --security-opt: KEY=VALUE or KEY:VALUE (no-new-privileges alone is fine); a seccomp profile
    /// file is read and sent as compact JSON; systempaths=unconfined empties the masked and
    /// read-only paths and is not sent.
    /// </summary>
    private static (List<string> Options, List<string>? Masked, List<string>? ReadOnly) SecurityOptions(IReadOnlyList<string> values)
    {
        var options = new List<string>();
        List<string>? masked = null, readOnly = null;
        foreach (string option in values)
        {
            if (option == "systempaths=unconfined")
            {
                masked = [];
                readOnly = [];
                continue;
            }
            int sep = option.IndexOf('=');
            string key = sep < 0 ? option : option[..sep];
            if (sep < 0 && key != "no-new-privileges")
            {
                sep = option.IndexOf(':');
                key = sep < 0 ? option : option[..sep];
            }
            string value = sep < 0 ? "" : option[(sep + 1)..];
            if (value.Length == 0 && key != "no-new-privileges")
                throw new CliError($"Invalid --security-opt: {CommandLine.GoParse.Quote(option)}");
            if (key == "seccomp" && value is not ("builtin" or "unconfined"))
            {
                options.Add("seccomp=" + CompactJson(value));
                continue;
            }
            options.Add(option);
        }
        return (options, masked, readOnly);
    }

    private static string CompactJson(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"opening seccomp profile ({path}) failed: open {path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file or directory" : e.Message)}");
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(content);
            return Compact(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new CliError($"compacting json for seccomp profile ({path}) failed: {e.Message}");
        }
    }

    private static string Compact(JsonElement element)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            element.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// docker/cli's parseNetworkOpts: an endpoint per --network ("default" when none is named), the
    /// flat --network-alias/--link/--ip/--ip6/--mac-address/--link-local-ip applied to the first;
    /// a single network without settings is left out (the daemon makes its endpoint).
    /// </summary>
    private static NetworkingConfig Networking(ContainerOptions o, IReadOnlyList<NetworkAttachment> networks)
    {
        var endpoints = new Dictionary<string, EndpointSettings?>(StringComparer.Ordinal);
        bool userDefined = false, predefined = false;
        if (networks.Count == 0)
        {
            var attachment = new NetworkAttachment { Target = "default" };
            ApplyFlatOptions(attachment, o);
            endpoints["default"] = Endpoint(attachment);
        }
        for (int i = 0; i < networks.Count; i++)
        {
            NetworkAttachment attachment = networks[i];
            if (NetworkAttachment.IsUserDefined(attachment.Target)) userDefined = true;
            else predefined = true;
            if (i == 0) ApplyFlatOptions(attachment, o);
            EndpointSettings endpoint = Endpoint(attachment);
            if (endpoints.ContainsKey(attachment.Target))
                throw new CliError($"network {CommandLine.GoParse.Quote(attachment.Target)} is specified multiple times");
            if (i == 0 && networks.Count == 1 && IsEmpty(endpoint)) continue;
            endpoints[attachment.Target] = endpoint;
        }
        if (userDefined && predefined)
            throw new CliError("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
        return new NetworkingConfig { EndpointsConfig = endpoints };
    }

    /// <summary>applyContainerOptions: the flat flags onto the first network, refused when it sets the same thing itself.</summary>
    private static void ApplyFlatOptions(NetworkAttachment n, ContainerOptions o)
    {
        IReadOnlyList<string> aliases = o.Aliases;
        if (n.Aliases.Count > 0 && aliases.Count > 0)
            throw new CliError("conflicting options: cannot specify both --network-alias and per-network alias");
        if (n.Links.Count > 0 && o.Links.Value.Count > 0)
            throw new CliError("conflicting options: cannot specify both --link and per-network links");
        if (n.IPv4Address.Length > 0 && o.Ip.Value.Length > 0)
            throw new CliError("conflicting options: cannot specify both --ip and per-network IPv4 address");
        if (n.IPv6Address.Length > 0 && o.Ip6.Value.Length > 0)
            throw new CliError("conflicting options: cannot specify both --ip6 and per-network IPv6 address");
        if (n.MacAddress.Length > 0 && o.MacAddress.Value.Length > 0)
            throw new CliError("conflicting options: cannot specify both --mac-address and per-network MAC address");
        if (n.LinkLocalIPs.Count > 0 && o.LinkLocalIps.Value.Count > 0)
            throw new CliError("conflicting options: cannot specify both --link-local-ip and per-network link-local IP addresses");
        if (aliases.Count > 0) n.Aliases = [.. aliases];
        // On a user-defined network a link is an alias of the endpoint; on the default bridge it is a legacy link (HostConfig.Links).
        if (NetworkAttachment.IsUserDefined(n.Target) && o.Links.Value.Count > 0) n.Links = [.. o.Links.Value];
        if (o.Ip.Value.Length > 0) n.IPv4Address = o.Ip.Value;
        if (o.Ip6.Value.Length > 0) n.IPv6Address = o.Ip6.Value;
        if (o.MacAddress.Value.Length > 0) n.MacAddress = o.MacAddress.Value;
        if (o.LinkLocalIps.Value.Count > 0) n.LinkLocalIPs = [.. o.LinkLocalIps.Value];
    }

    /// <summary>parseNetworkAttachmentOpt.</summary>
    private static EndpointSettings Endpoint(NetworkAttachment n)
    {
        if (n.Target.Trim().Length == 0) throw new CliError("no name set for network");
        if (!NetworkAttachment.IsUserDefined(n.Target))
        {
            if (n.Aliases.Count > 0) throw new CliError("network-scoped aliases are only supported for user-defined networks");
            if (n.Links.Count > 0) throw new CliError("links are only supported for user-defined networks");
        }
        var endpoint = new EndpointSettings
        {
            GwPriority = n.GwPriority,
            Aliases = n.Aliases.Count > 0 ? [.. n.Aliases] : null,
            DriverOpts = n.DriverOpts is { Count: > 0 } ? new Dictionary<string, string>(n.DriverOpts) : null,
            Links = n.Links.Count > 0 ? [.. n.Links] : null,
        };
        if (n.IPv4Address.Length > 0 || n.IPv6Address.Length > 0 || n.LinkLocalIPs.Count > 0)
        {
            endpoint.IPAMConfig = new EndpointIpamConfig
            {
                IPv4Address = n.IPv4Address.Length > 0 ? n.IPv4Address : null,
                IPv6Address = n.IPv6Address.Length > 0 ? n.IPv6Address : null,
                LinkLocalIPs = n.LinkLocalIPs.Count > 0 ? [.. n.LinkLocalIPs] : null,
            };
        }
        if (n.MacAddress.Length > 0)
        {
            if (!MacAddressText.IsValid(n.MacAddress)) throw new CliError($"{n.MacAddress} is not a valid mac address");
            endpoint.MacAddress = n.MacAddress;
        }
        return endpoint;
    }

    private static bool IsEmpty(EndpointSettings e) =>
        e.IPAMConfig is null && e.Links is null && e.Aliases is null && e.DriverOpts is null && e.MacAddress.Length == 0 && e.GwPriority == 0;
}
