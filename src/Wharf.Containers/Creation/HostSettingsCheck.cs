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
    public static IReadOnlyList<string> Validate(ContainerConfig config, HostSettings host)
    {
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
        var destinations = new HashSet<string>(StringComparer.Ordinal);
        foreach (string bind in host.Binds ?? [])
        {
            var spec = BindSpec.Parse(bind);
            if (!destinations.Add(spec.Destination)) throw WharfException.Invalid($"Duplicate mount point: {UntrustedName.Show(spec.Destination)}");
        }
        CheckResources(host, warnings);
        if (host.ShmSize < 0) throw WharfException.Invalid("SHM size can not be less than 0");
        if (host.OomScoreAdj is < -1000 or > 1000)
            throw WharfException.Invalid($"Invalid value {host.OomScoreAdj}, range for oom score adj is [-1000, 1000]");
        return warnings;
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
