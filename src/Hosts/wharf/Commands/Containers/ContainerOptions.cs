using Wharf.Cli.CommandLine;
using Wharf.Cli.Options;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// The flags docker run and docker create share (docker/cli's addFlags in container/opts.go),
/// with docker's names, types, usage texts and defaults. <see cref="ContainerRequest"/> turns
/// them into a create request.
/// </summary>
internal sealed class ContainerOptions
{
    public ContainerOptions(FlagSet flags)
    {
        // General purpose
        Attach = flags.List("attach", 'a', "Attach to STDIN, STDOUT or STDERR", check: CheckAttach);
        DeviceCgroupRules = flags.List("device-cgroup-rule", null, "Add a rule to the cgroup allowed devices list");
        Devices = flags.List("device", null, "Add a host device to the container");
        Gpus = flags.Add(new ListFlag("gpus", null, "GPU devices to add to the container ('all' to pass all GPUs)", "gpu-request", ValueCheck.Of(GpuRequest.Parse)));
        Env = flags.List("env", 'e', "Set environment variables", check: KeyValueOptions.CheckEnv);
        EnvFile = flags.List("env-file", null, "Read in a file of environment variables");
        Entrypoint = flags.String("entrypoint", null, "Overwrite the default ENTRYPOINT of the image");
        GroupAdd = flags.List("group-add", null, "Add additional groups to join");
        Hostname = flags.String("hostname", 'h', "Container host name");
        Domainname = flags.String("domainname", null, "Container NIS domain name");
        Interactive = flags.Bool("interactive", 'i', "Keep STDIN open even if not attached");
        Labels = flags.List("label", 'l', "Set meta data on a container", check: KeyValueOptions.CheckLabel);
        LabelFile = flags.List("label-file", null, "Read in a line delimited file of labels");
        ReadOnly = flags.Bool("read-only", null, "Mount the container's root filesystem as read only");
        Restart = flags.String("restart", null, "Restart policy to apply when a container exits", "no");
        StopSignal = flags.String("stop-signal", null, "Signal to stop the container");
        StopTimeout = flags.Int("stop-timeout", null, "Timeout (in seconds) to stop a container");
        Sysctls = flags.Add(new ListFlag("sysctl", null, "Sysctl options", "map", KeyValueOptions.CheckSysctl, "map[]"));
        Tty = flags.Bool("tty", 't', "Allocate a pseudo-TTY");
        Ulimits = flags.Add(new ListFlag("ulimit", null, "Ulimit options", "ulimit", UlimitOption.Check, "[]"));
        User = flags.String("user", 'u', "Username or UID (format: <name|uid>[:<group|gid>])");
        Workdir = flags.String("workdir", 'w', "Working directory inside the container");
        AutoRemove = flags.Bool("rm", null, "Automatically remove the container and its associated anonymous volumes when it exits");

        // Security
        CapAdd = flags.List("cap-add", null, "Add Linux capabilities");
        CapDrop = flags.List("cap-drop", null, "Drop Linux capabilities");
        Privileged = flags.Bool("privileged", null, "Give extended privileges to this container");
        SecurityOpt = flags.List("security-opt", null, "Security Options");
        Userns = flags.String("userns", null, "User namespace to use");
        Cgroupns = flags.String("cgroupns", null, """
            Cgroup namespace to use (host|private)
            'host':    Run the container in the Docker host's cgroup namespace
            'private': Run the container in its own private cgroup namespace
            '':        Use the cgroup namespace as configured by the
                       default-cgroupns-mode option on the daemon (default)
            """);

        // Network and ports
        AddHost = flags.List("add-host", null, "Add a custom host-to-IP mapping (host:ip)", check: KeyValueOptions.CheckExtraHost);
        Dns = flags.List("dns", null, "Set custom DNS servers", check: CheckIp);
        DnsOption = flags.List("dns-option", null, "Set DNS options");
        DnsOpt = flags.Add(new ListFlag("dns-opt", null, "Set DNS options") { Hidden = true });
        DnsSearch = flags.List("dns-search", null, "Set custom DNS search domains");
        Expose = flags.List("expose", null, "Expose a port or a range of ports");
        Ip = flags.String("ip", null, "IPv4 address (e.g., 172.30.100.104)");
        Ip6 = flags.String("ip6", null, "IPv6 address (e.g., 2001:db8::33)");
        Links = flags.List("link", null, "Add link to another container", check: CheckLink);
        LinkLocalIps = flags.List("link-local-ip", null, "Container IPv4/IPv6 link-local addresses");
        MacAddress = flags.String("mac-address", null, "Container MAC address (e.g., 92:d0:c6:0a:29:33)");
        Publish = flags.List("publish", 'p', "Publish a container's port(s) to the host");
        PublishAll = flags.Bool("publish-all", 'P', "Publish all exposed ports to random ports");
        Network = flags.Add(new ListFlag("network", null, "Connect a container to a network", "network", ValueCheck.Of(NetworkAttachment.Parse)));
        Net = flags.Add(new ListFlag("net", null, "Connect a container to a network", "network", ValueCheck.Of(NetworkAttachment.Parse)) { Hidden = true });
        NetworkAlias = flags.List("network-alias", null, "Add network-scoped alias for the container");
        NetAlias = flags.Add(new ListFlag("net-alias", null, "Add network-scoped alias for the container") { Hidden = true });

        // Logging and storage
        LogDriver = flags.String("log-driver", null, "Logging driver for the container");
        VolumeDriver = flags.String("volume-driver", null, "Optional volume driver for the container");
        LogOpt = flags.List("log-opt", null, "Log driver options");
        StorageOpt = flags.List("storage-opt", null, "Storage driver options for the container");
        Tmpfs = flags.List("tmpfs", null, "Mount a tmpfs directory");
        VolumesFrom = flags.List("volumes-from", null, "Mount volumes from the specified container(s)");
        Volumes = flags.List("volume", 'v', "Bind mount a volume");
        Mounts = flags.Add(new ListFlag("mount", null, "Attach a filesystem mount to the container", "mount", ValueCheck.Of(value => MountOption.Parse(value, Environment.CurrentDirectory))));

        // Health-checking
        HealthCmd = flags.String("health-cmd", null, "Command to run to check health");
        HealthInterval = flags.Add(new DurationFlag("health-interval", null, "Time between running the check (ms|s|m|h) (default 0s)"));
        HealthRetries = flags.Int("health-retries", null, "Consecutive failures needed to report unhealthy");
        HealthTimeout = flags.Add(new DurationFlag("health-timeout", null, "Maximum time to allow one check to run (ms|s|m|h) (default 0s)"));
        HealthStartPeriod = flags.Add(new DurationFlag("health-start-period", null,
            "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)"));
        HealthStartInterval = flags.Add(new DurationFlag("health-start-interval", null,
            "Time between running the check during the start period (ms|s|m|h) (default 0s)"));
        NoHealthcheck = flags.Bool("no-healthcheck", null, "Disable any container-specified HEALTHCHECK");

        // Resources
        BlkioWeight = flags.Int("blkio-weight", null, "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)", typeName: "uint16");
        BlkioWeightDevice = flags.Add(new ListFlag("blkio-weight-device", null, "Block IO weight (relative device weight)", "list",
            ValueCheck.Of(BlkioDeviceOption.Weight), "[]"));
        CidFile = flags.String("cidfile", null, "Write the container ID to the file");
        CpuCount = flags.Int("cpu-count", null, "CPU count (Windows only)");
        CpuPercent = flags.Int("cpu-percent", null, "CPU percent (Windows only)");
        CpusetCpus = flags.String("cpuset-cpus", null, "CPUs in which to allow execution (0-3, 0,1)");
        CpusetMems = flags.String("cpuset-mems", null, "MEMs in which to allow execution (0-3, 0,1)");
        CpuPeriod = flags.Int("cpu-period", null, "Limit CPU CFS (Completely Fair Scheduler) period");
        CpuQuota = flags.Int("cpu-quota", null, "Limit CPU CFS (Completely Fair Scheduler) quota");
        CpuRtPeriod = flags.Int("cpu-rt-period", null, "Limit CPU real-time period in microseconds");
        CpuRtRuntime = flags.Int("cpu-rt-runtime", null, "Limit CPU real-time runtime in microseconds");
        CpuShares = flags.Int("cpu-shares", 'c', "CPU shares (relative weight)");
        Cpus = flags.Decimal("cpus", null, "Number of CPUs");
        DeviceReadBps = flags.Add(new ListFlag("device-read-bps", null, "Limit read rate (bytes per second) from a device", "list", ValueCheck.Of(BlkioDeviceOption.Bps), "[]"));
        DeviceReadIops = flags.Add(new ListFlag("device-read-iops", null, "Limit read rate (IO per second) from a device", "list", ValueCheck.Of(BlkioDeviceOption.Iops), "[]"));
        DeviceWriteBps = flags.Add(new ListFlag("device-write-bps", null, "Limit write rate (bytes per second) to a device", "list", ValueCheck.Of(BlkioDeviceOption.Bps), "[]"));
        DeviceWriteIops = flags.Add(new ListFlag("device-write-iops", null, "Limit write rate (IO per second) to a device", "list", ValueCheck.Of(BlkioDeviceOption.Iops), "[]"));
        IoMaxBandwidth = flags.Bytes("io-maxbandwidth", null, "Maximum IO bandwidth limit for the system drive (Windows only)");
        IoMaxIops = flags.Int("io-maxiops", null, "Maximum IOps limit for the system drive (Windows only)", typeName: "uint");
        KernelMemory = flags.Bytes("kernel-memory", null, "Kernel memory limit");
        Memory = flags.Bytes("memory", 'm', "Memory limit");
        MemoryReservation = flags.Bytes("memory-reservation", null, "Memory soft limit");
        MemorySwap = flags.Add(new MemorySwapFlag("memory-swap", "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"));
        MemorySwappiness = flags.Int("memory-swappiness", null, "Tune container memory swappiness (0 to 100)", -1);
        OomKillDisable = flags.Bool("oom-kill-disable", null, "Disable OOM Killer");
        OomScoreAdj = flags.Int("oom-score-adj", null, "Tune host's OOM preferences (-1000 to 1000)");
        PidsLimit = flags.Int("pids-limit", null, "Tune container pids limit (set -1 for unlimited)");

        // Low-level execution
        CgroupParent = flags.String("cgroup-parent", null, "Optional parent cgroup for the container");
        Ipc = flags.String("ipc", null, "IPC mode to use");
        Isolation = flags.String("isolation", null, "Container isolation technology");
        Pid = flags.String("pid", null, "PID namespace to use");
        ShmSize = flags.Bytes("shm-size", null, "Size of /dev/shm");
        Uts = flags.String("uts", null, "UTS namespace to use");
        Runtime = flags.String("runtime", null, "Runtime to use for this container");
        Init = flags.Bool("init", null, "Run an init inside the container that forwards signals and reaps processes");
        Annotations = flags.Map("annotation", null, "Add an annotation to the container (passed through to the OCI runtime)");
    }

    public ListFlag Attach { get; }
    public ListFlag DeviceCgroupRules { get; }
    public ListFlag Devices { get; }
    public ListFlag Gpus { get; }
    public ListFlag Env { get; }
    public ListFlag EnvFile { get; }
    public StringFlag Entrypoint { get; }
    public ListFlag GroupAdd { get; }
    public StringFlag Hostname { get; }
    public StringFlag Domainname { get; }
    public BoolFlag Interactive { get; }
    public ListFlag Labels { get; }
    public ListFlag LabelFile { get; }
    public BoolFlag ReadOnly { get; }
    public StringFlag Restart { get; }
    public StringFlag StopSignal { get; }
    public IntFlag StopTimeout { get; }
    public ListFlag Sysctls { get; }
    public BoolFlag Tty { get; }
    public ListFlag Ulimits { get; }
    public StringFlag User { get; }
    public StringFlag Workdir { get; }
    public BoolFlag AutoRemove { get; }
    public ListFlag CapAdd { get; }
    public ListFlag CapDrop { get; }
    public BoolFlag Privileged { get; }
    public ListFlag SecurityOpt { get; }
    public StringFlag Userns { get; }
    public StringFlag Cgroupns { get; }
    public ListFlag AddHost { get; }
    public ListFlag Dns { get; }
    public ListFlag DnsOption { get; }
    public ListFlag DnsOpt { get; }
    public ListFlag DnsSearch { get; }
    public ListFlag Expose { get; }
    public StringFlag Ip { get; }
    public StringFlag Ip6 { get; }
    public ListFlag Links { get; }
    public ListFlag LinkLocalIps { get; }
    public StringFlag MacAddress { get; }
    public ListFlag NetworkAlias { get; }
    public ListFlag NetAlias { get; }
    public ListFlag Publish { get; }
    public BoolFlag PublishAll { get; }
    public ListFlag Network { get; }
    public ListFlag Net { get; }
    public StringFlag LogDriver { get; }
    public StringFlag VolumeDriver { get; }
    public ListFlag LogOpt { get; }
    public ListFlag StorageOpt { get; }
    public ListFlag Tmpfs { get; }
    public ListFlag VolumesFrom { get; }
    public ListFlag Volumes { get; }
    public ListFlag Mounts { get; }
    public ListFlag BlkioWeightDevice { get; }
    public ListFlag DeviceReadBps { get; }
    public ListFlag DeviceReadIops { get; }
    public ListFlag DeviceWriteBps { get; }
    public ListFlag DeviceWriteIops { get; }
    public IntFlag CpuCount { get; }
    public IntFlag CpuPercent { get; }
    public BytesFlag IoMaxBandwidth { get; }
    public IntFlag IoMaxIops { get; }
    public BytesFlag KernelMemory { get; }
    public StringFlag HealthCmd { get; }
    public DurationFlag HealthInterval { get; }
    public IntFlag HealthRetries { get; }
    public DurationFlag HealthTimeout { get; }
    public DurationFlag HealthStartPeriod { get; }
    public DurationFlag HealthStartInterval { get; }
    public BoolFlag NoHealthcheck { get; }
    public IntFlag BlkioWeight { get; }
    public StringFlag CidFile { get; }
    public StringFlag CpusetCpus { get; }
    public StringFlag CpusetMems { get; }
    public IntFlag CpuPeriod { get; }
    public IntFlag CpuQuota { get; }
    public IntFlag CpuRtPeriod { get; }
    public IntFlag CpuRtRuntime { get; }
    public IntFlag CpuShares { get; }
    public DecimalFlag Cpus { get; }
    public BytesFlag Memory { get; }
    public BytesFlag MemoryReservation { get; }
    public MemorySwapFlag MemorySwap { get; }
    public IntFlag MemorySwappiness { get; }
    public BoolFlag OomKillDisable { get; }
    public IntFlag OomScoreAdj { get; }
    public IntFlag PidsLimit { get; }
    public StringFlag CgroupParent { get; }
    public StringFlag Ipc { get; }
    public StringFlag Isolation { get; }
    public StringFlag Pid { get; }
    public BytesFlag ShmSize { get; }
    public StringFlag Uts { get; }
    public StringFlag Runtime { get; }
    public BoolFlag Init { get; }
    public MapFlag Annotations { get; }

    /// <summary>--network and its hidden alias --net, in the order given.</summary>
    public IReadOnlyList<NetworkAttachment> Networks => [.. Network.Value.Select(NetworkAttachment.Parse), .. Net.Value.Select(NetworkAttachment.Parse)];

    /// <summary>-a: stdin, stdout or stderr in any case, kept lower-cased (validateAttach).</summary>
    private static string CheckAttach(string value)
    {
        string lower = value.ToLowerInvariant();
        return lower is "stdin" or "stdout" or "stderr" ? lower : throw new FormatException("valid streams are STDIN, STDOUT and STDERR");
    }

    private static string CheckIp(string value) =>
        IpAddressText.TryParse(value.Trim(), out System.Net.IPAddress? address)
            ? address!.ToString()
            : throw new FormatException($"IP address is not correctly formatted: {value}");

    /// <summary>opts.ValidateLink: NAME or NAME:ALIAS, at most one colon.</summary>
    private static string CheckLink(string value)
    {
        if (value.Length == 0) throw new FormatException("empty string specified for links");
        return value.Split(':').Length > 2 ? throw new FormatException("bad format for links: " + value) : value;
    }

    /// <summary>The flags docker marks ostype=windows: refused before the command runs when the daemon is not Windows.</summary>
    public IEnumerable<Flag> WindowsOnly => [CpuCount, CpuPercent, IoMaxBandwidth, IoMaxIops];

    /// <summary>--network-alias and its hidden alias --net-alias, in the order given.</summary>
    public IReadOnlyList<string> Aliases => [.. NetworkAlias.Value, .. NetAlias.Value];
}
