using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers;

/// <summary>
/// The OCI runtime spec a container runs with, as dockerd builds it (moby's daemon/oci_linux.go
/// over oci/defaults.go): Docker's default capabilities, mounts, masked and read-only paths,
/// namespaces, cgroup resources, rlimits, sysctls and the default seccomp profile, adjusted by
/// the container's HostConfig (privileged, cap-add/drop, read-only rootfs, init, tmpfs, ...).
/// </summary>
public static partial class ContainerSpecBuilder
{
    /// <summary>Where the init binary appears in the container.</summary>
    public const string InitInContainer = "/sbin/docker-init";

    /// <summary>Docker's PATH for a container whose image sets none.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <exception cref="WharfException">InvalidArgument for settings Docker refuses (unknown capability,
    /// user not in the rootfs, bad tmpfs option, bad ulimit, ...), with Docker's message.</exception>
    public static RuntimeSpec Build(ContainerSpecInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        if (!ContainerId.IsValid(container.Id)) throw WharfException.Invalid($"invalid container id \"{UntrustedName.Show(container.Id)}\"");
        var host = HostDefaults.Apply(container.HostSettings);
        // moby's handleDevice with no device driver registered (no nvidia hook, no CDI): every request fails the start.
        foreach (var request in host.DeviceRequests ?? [])
        {
            string wanted = "[" + string.Join(' ', (request.Capabilities ?? []).Select(set => "[" + string.Join(' ', set) + "]")) + "]";
            throw WharfException.Invalid($"could not select device driver \"{UntrustedName.Show(request.Driver)}\" with capabilities: {UntrustedName.Show(wanted)}");
        }
        var security = SecurityOptions.Parse(host.SecurityOpt);
        var capabilities = CapabilitySet.For(host);
        string hostname = string.IsNullOrEmpty(container.Config.Hostname) ? container.Id[..ContainerId.ShortLength] : container.Config.Hostname;
        bool init = host.Init ?? input.InitByDefault;

        var spec = new RuntimeSpec
        {
            Process = BuildProcess(input, host, security, capabilities, hostname, init),
            Root = new RootSpec { Path = input.RootfsPath, Readonly = host.ReadonlyRootfs },
            Hostname = hostname,
            Mounts = BuildMounts(input, host, security, init),
            Linux = new LinuxSpec
            {
                Namespaces = Namespaces(input, host),
                Devices = host.Privileged ? HostDevices.Under(input.HostDevRoot) : [],
                CgroupsPath = input.CgroupParent.TrimEnd('/') + "/" + container.Id,
                Resources = BuildResources(host, input.DeviceNumber ?? DeviceNumber),
                Sysctl = Sysctls(input, container.Config, host),
                Seccomp = Seccomp(input, host, security, capabilities),
                MaskedPaths = host.Privileged ? null : [.. DefaultMaskedPaths.Value],
                ReadonlyPaths = host.Privileged ? null : [.. DefaultReadonlyPaths],
            },
        };
        return spec;
    }

    /// <summary>Docker's masked paths, plus each possible CPU's thermal_throttle where the host has one.</summary>
    private static readonly Lazy<IReadOnlyList<string>> DefaultMaskedPaths = new(() =>
    {
        var paths = new List<string>
        {
            "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap",
            "/sys/firmware",
        };
        foreach (int cpu in PossibleCpus())
        {
            string path = $"/sys/devices/system/cpu/cpu{cpu}/thermal_throttle";
            if (Directory.Exists(path)) paths.Add(path);
        }
        return paths;
    });

    private static readonly string[] DefaultReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <summary>Docker's namespaces: all new, but the host's network for "host" networking.</summary>
    private static List<NamespaceSpec> Namespaces(ContainerSpecInput input, HostSettings host)
    {
        var namespaces = new List<NamespaceSpec> { new() { Type = "mount" } };
        if (input.NetworkNamespacePath is { Length: > 0 } path)
            namespaces.Add(new NamespaceSpec { Type = "network", Path = path });
        else if (!IsHostNetwork(host))
            namespaces.Add(new NamespaceSpec { Type = "network" });
        namespaces.Add(new NamespaceSpec { Type = "uts" });
        namespaces.Add(new NamespaceSpec { Type = "pid" });
        namespaces.Add(new NamespaceSpec { Type = "ipc" });
        namespaces.Add(new NamespaceSpec { Type = "cgroup" });
        return namespaces;
    }

    internal static bool IsHostNetwork(HostSettings host) => host.NetworkMode == "host";

    /// <summary>Docker's default sysctls for a container with its own network, the domain name, then the user's.</summary>
    private static Dictionary<string, string> Sysctls(ContainerSpecInput input, ContainerConfig config, HostSettings host)
    {
        var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(config.Domainname)) sysctls["kernel.domainname"] = config.Domainname;
        bool privateNetwork = !IsHostNetwork(host) && !(host.NetworkMode ?? "").StartsWith("container:", StringComparison.Ordinal);
        if (privateNetwork)
        {
            // Unprivileged ping without CAP_NET_RAW, and ports below 1024 without CAP_NET_BIND_SERVICE.
            if (File.Exists(Path.Join(input.HostProcSys, "net/ipv4/ping_group_range"))) sysctls["net.ipv4.ping_group_range"] = "0 2147483647";
            if (File.Exists(Path.Join(input.HostProcSys, "net/ipv4/ip_unprivileged_port_start"))) sysctls["net.ipv4.ip_unprivileged_port_start"] = "0";
        }
        foreach (var (key, value) in host.Sysctls ?? new Dictionary<string, string>()) sysctls[key] = value;
        return sysctls;
    }

    /// <summary>
    /// Docker's seccomp choice: none when unconfined, none for a privileged container unless it
    /// names a profile, else the given profile or the default one, resolved for the final capabilities.
    /// </summary>
    private static SeccompSpec? Seccomp(ContainerSpecInput input, HostSettings host, SecurityOptions security, IReadOnlyList<string> capabilities)
    {
        string profile = security.SeccompProfile;
        if (profile == SecurityOptions.Unconfined) return null;
        bool custom = profile.Length > 0 && profile != SecurityOptions.BuiltinSeccomp;
        if (host.Privileged && !custom) return null;
        var source = custom ? SeccompProfile.Parse(profile) : SeccompProfile.Default;
        return source.Resolve(capabilities, input.KernelVersion);
    }

    /// <summary>The CPUs the kernel may ever bring online ("0-3,8"), from sysfs.</summary>
    private static IEnumerable<int> PossibleCpus()
    {
        string text;
        try
        {
            text = File.ReadAllText("/sys/devices/system/cpu/possible").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (string range in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] ends = range.Split('-');
            if (!int.TryParse(ends[0], out int first)) continue;
            int last = ends.Length > 1 && int.TryParse(ends[1], out int l) ? l : first;
            for (int cpu = first; cpu <= last && cpu - first < 4096; cpu++) yield return cpu;
        }
    }
}
