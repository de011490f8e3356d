using System.Globalization;
using System.Net;
using Wharf.Core;

namespace Wharf.Containers;

/// <summary>
/// The checks dockerd makes on a create request's Config and HostConfig before it stores the
/// container (moby's verifyContainerSettings and verifyPlatformContainerResources), with its
/// messages. Checks that depend on what the kernel supports are the runtime's.
/// </summary>
public static class HostSettingsCheck
{
    private const long MinMemory = 6 * 1024 * 1024;
    private static readonly string[] RestartPolicies = ["no", "always", "on-failure", "unless-stopped"];

    /// <summary>Throws InvalidArgument for what Docker refuses; returns Docker's warnings for what it only adjusts.</summary>
    public static IReadOnlyList<string> Validate(ContainerConfig config, HostSettings host, HostFeatures? features = null)
    {
        features ??= new HostFeatures();
        var warnings = new List<string>();
        if (!string.IsNullOrEmpty(config.WorkingDir) && !config.WorkingDir.StartsWith('/'))
            throw WharfException.Invalid($"the working directory '{UntrustedName.Show(config.WorkingDir)}' is invalid, it needs to be an absolute path");
        foreach (string env in config.Env ?? [])
        {
            if (ImageDefaults.KeyOf(env).Length == 0) throw WharfException.Invalid($"invalid environment variable: {UntrustedName.Show(env)}");
        }

        CheckRestartPolicy(host);
        foreach (string extraHost in host.ExtraHosts ?? []) ExtraHost.Parse(extraHost);
        CapabilitySet.Normalize(host.CapAdd ?? [], CapabilitySet.AvailableOnHost, "CapAdd");
        CapabilitySet.Normalize(host.CapDrop ?? [], CapabilitySet.AvailableOnHost, "CapDrop");
        SecurityOptions.Parse(host.SecurityOpt);
        foreach (var data in (host.Tmpfs ?? new Dictionary<string, string>()).Values) TmpfsOptions.Merge(data);
        CheckNetworkMode(config, host);
        // runconfig's validateQoS: Windows-only limits.
        if (host.IOMaximumBandwidth != 0) throw WharfException.Invalid("invalid option: QoS maximum bandwidth configuration is not supported on linux");
        if (host.IOMaximumIOps != 0) throw WharfException.Invalid("invalid option: QoS maximum IOPs configuration is not supported on linux");
        MountCheck.Validate(host, features.PathExists);
        CheckResources(host, warnings);
        if (host.ShmSize < 0) throw WharfException.Invalid("SHM size can not be less than 0");
        if (host.OomScoreAdj is < -1000 or > 1000)
            throw WharfException.Invalid($"Invalid value {host.OomScoreAdj}, range for oom score adj is [-1000, 1000]");
        return warnings;
    }

    /// <summary>
    /// moby's verifyPlatformContainerResources adjustments (called after <see cref="Validate"/>): what the host cannot do is dropped with
    /// a warning (CPU percent always on Linux; block I/O controls the cgroup lacks).
    /// </summary>
    public static HostSettings Adjust(HostSettings host, BlkioSupport blkio, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(warnings);
        if (host.CpuPercent > 0)
        {
            warnings.Add("linux does not support CPU percent. Percent discarded.");
            host = host with { CpuPercent = 0 };
        }
        if (host.BlkioWeight > 0 && !blkio.Weight)
        {
            warnings.Add("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
            host = host with { BlkioWeight = 0 };
        }
        if (host.BlkioWeight > 0 && host.BlkioWeight is < 10 or > 1000) throw WharfException.Invalid("Range of blkio weight is from 10 to 1000");
        return host with
        {
            BlkioWeightDevice = Discard(host.BlkioWeightDevice, blkio.WeightDevice, warnings,
                "Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded."),
            BlkioDeviceReadBps = Discard(host.BlkioDeviceReadBps, blkio.ReadBpsDevice, warnings,
                "Your kernel does not support BPS Block I/O read limit or the cgroup is not mounted. Block I/O BPS read limit discarded."),
            BlkioDeviceWriteBps = Discard(host.BlkioDeviceWriteBps, blkio.WriteBpsDevice, warnings,
                "Your kernel does not support BPS Block I/O write limit or the cgroup is not mounted. Block I/O BPS write limit discarded."),
            BlkioDeviceReadIOps = Discard(host.BlkioDeviceReadIOps, blkio.ReadIOpsDevice, warnings,
                "Your kernel does not support IOPS Block read limit or the cgroup is not mounted. Block I/O IOPS read limit discarded."),
            BlkioDeviceWriteIOps = Discard(host.BlkioDeviceWriteIOps, blkio.WriteIOpsDevice, warnings,
                "Your kernel does not support IOPS Block write limit or the cgroup is not mounted. Block I/O IOPS write limit discarded."),
        };
    }

    /// <summary>A device list the cgroup cannot apply: emptied, with moby's warning.</summary>
    private static IReadOnlyList<T>? Discard<T>(IReadOnlyList<T>? devices, bool supported, List<string> warnings, string warning)
    {
        if (devices is not { Count: > 0 } || supported) return devices;
        warnings.Add(warning);
        return [];
    }

    /// <summary>runconfig's validateNetMode: what a container sharing another's network (or the host's) cannot also ask for.</summary>
    private static void CheckNetworkMode(ContainerConfig config, HostSettings host)
    {
        string mode = host.NetworkMode ?? "";
        if (mode == "container" || mode.StartsWith("container:", StringComparison.Ordinal))
        {
            if (mode.Length <= "container:".Length) throw WharfException.Invalid("invalid network mode: invalid container format container:<name|id>");
            if (!string.IsNullOrEmpty(config.Hostname)) throw WharfException.Invalid("conflicting options: hostname and the network mode");
            if (host.Links is { Count: > 0 })
                throw WharfException.Invalid("conflicting options: container type network can't be used with links. This would result in undefined behavior");
            if (host.Dns is { Count: > 0 }) throw WharfException.Invalid("conflicting options: dns and the network mode");
            if (host.ExtraHosts is { Count: > 0 }) throw WharfException.Invalid("conflicting options: custom host-to-IP mapping and the network mode");
            if (host.PortBindings is { Count: > 0 }) throw WharfException.Invalid("conflicting options: port publishing and the container type network mode");
            if (config.ExposedPorts is { Count: > 0 }) throw WharfException.Invalid("conflicting options: port exposing and the container type network mode");
        }
        if (mode == "host" && host.Links is { Count: > 0 })
            throw WharfException.Invalid("conflicting options: host type networking can't be used with links. This would result in undefined behavior");
    }

    private static void CheckRestartPolicy(HostSettings host)
    {
        var policy = host.RestartPolicy;
        bool none = policy.Name is "" or "no";
        if (host.AutoRemove && !none) throw WharfException.Invalid("can't create 'AutoRemove' container with restart policy");
        switch (policy.Name)
        {
            case "always" or "unless-stopped" or "no":
                if (policy.MaximumRetryCount != 0)
                    throw WharfException.Invalid("invalid restart policy: maximum retry count can only be used with 'on-failure'"
                        + (policy.MaximumRetryCount < 0 ? " and cannot be negative" : ""));
                break;
            case "on-failure":
                if (policy.MaximumRetryCount < 0) throw WharfException.Invalid("invalid restart policy: maximum retry count cannot be negative");
                break;
            case "":
                break;
            default:
                throw WharfException.Invalid(
                    $"invalid restart policy: unknown policy '{UntrustedName.Show(policy.Name)}'; use one of '{RestartPolicies[0]}', '{RestartPolicies[1]}', '{RestartPolicies[2]}', or '{RestartPolicies[3]}'");
        }
    }

    private static void CheckResources(HostSettings r, List<string> warnings)
    {
        if (r.Memory != 0 && r.Memory < MinMemory) throw WharfException.Invalid("Minimum memory limit allowed is 6MB");
        if (r.Memory > 0 && r.MemorySwap > 0 && r.MemorySwap < r.Memory)
            throw WharfException.Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        if (r.Memory == 0 && r.MemorySwap > 0)
            throw WharfException.Invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
        if (r.MemoryReservation > 0 && r.MemoryReservation < MinMemory)
            throw WharfException.Invalid("Minimum memory reservation allowed is 6MB");
        if (r.Memory > 0 && r.MemoryReservation > 0 && r.Memory < r.MemoryReservation)
            throw WharfException.Invalid("Minimum memory limit can not be less than memory reservation limit, see usage");
        if (r.NanoCpus > 0 && r.CpuPeriod > 0) throw WharfException.Invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        if (r.NanoCpus > 0 && r.CpuQuota > 0) throw WharfException.Invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        if (r.NanoCpus != 0)
        {
            int cpus = Environment.ProcessorCount;
            if (r.NanoCpus < 0 || r.NanoCpus > cpus * 1_000_000_000L)
                throw WharfException.Invalid($"range of CPUs is from 0.01 to {cpus}.00, as there are only {cpus} CPUs available");
        }
        if (r.CpuShares < 0) throw WharfException.Invalid($"invalid CPU shares ({r.CpuShares}): value must be a positive integer");
        if (r.CpuPeriod != 0 && (r.CpuPeriod < 1000 || r.CpuPeriod > 1_000_000))
            throw WharfException.Invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        if (r.CpuQuota > 0 && r.CpuQuota < 1000) throw WharfException.Invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        foreach (var ulimit in r.Ulimits ?? [])
        {
            if (ulimit.Hard >= 0 && ulimit.Soft > ulimit.Hard)
                throw WharfException.Invalid(string.Create(CultureInfo.InvariantCulture,
                    $"ulimit soft limit must be less than or equal to hard limit: {ulimit.Soft} > {ulimit.Hard}"));
        }
    }
}

/// <summary>An ExtraHosts entry, "name:ip" (split at the first colon, so IPv6 addresses work).</summary>
public readonly record struct ExtraHost(string Name, string Address)
{
    /// <summary>Docker's special address: the host's gateway IP, which the daemon substitutes.</summary>
    public const string HostGateway = "host-gateway";

    public static ExtraHost Parse(string value)
    {
        int colon = value.IndexOf(':');
        if (colon <= 0) throw WharfException.Invalid($"bad format for add-host: \"{UntrustedName.Show(value)}\"");
        string name = value[..colon], address = value[(colon + 1)..];
        if (address != HostGateway)
        {
            // Docker accepts an address in brackets ("[::1]") too.
            string bare = address.StartsWith('[') && address.EndsWith(']') ? address[1..^1] : address;
            if (!TryParseStrict(bare, out var ip))
                throw WharfException.Invalid($"invalid IP address in add-host: \"{UntrustedName.Show(address)}\"");
            address = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4().ToString() : ip.ToString();
        }
        return new ExtraHost(name, address);
    }

    /// <summary>
    /// An address as Go's parser takes it: IPv6 with colons, or exactly four decimal octets
    /// without leading zeros (.NET would also read "1" or "0x7f.1" as IPv4).
    /// </summary>
    internal static bool TryParseStrict(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains('%')) return false;
        if (text.Contains(':'))
            return IPAddress.TryParse(text, out address!) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        string[] octets = text.Split('.');
        if (octets.Length != 4) return false;
        foreach (string octet in octets)
        {
            if (octet.Length is 0 or > 3 || (octet.Length > 1 && octet[0] == '0') || !octet.All(char.IsAsciiDigit) || int.Parse(octet, CultureInfo.InvariantCulture) > 255)
                return false;
        }
        address = IPAddress.Parse(text);
        return true;
    }
}
