using Wharf.Core.Oci;

namespace Wharf.Runtime;

/// <summary>The config.json `spec` writes: the same starting point as `runc spec`.</summary>
public static class SpecTemplate
{
    private static readonly List<string> DefaultCapabilities = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"];

    public static RuntimeSpec Create() => new()
    {
        OciVersion = "1.0.2",
        Process = new ProcessSpec
        {
            Terminal = true,
            User = new UserSpec { Uid = 0, Gid = 0 },
            Args = ["sh"],
            Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"],
            Cwd = "/",
            Capabilities = new CapabilitiesSpec
            {
                Bounding = [.. DefaultCapabilities],
                Effective = [.. DefaultCapabilities],
                Permitted = [.. DefaultCapabilities],
                Ambient = [.. DefaultCapabilities],
            },
            Rlimits = [new RlimitSpec { Type = "RLIMIT_NOFILE", Hard = 1024, Soft = 1024 }],
            NoNewPrivileges = true,
        },
        Root = new RootSpec { Path = "rootfs", Readonly = true },
        Hostname = "wharf",
        Mounts =
        [
            new() { Destination = "/proc", Type = "proc", Source = "proc" },
            new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
            new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
            new() { Destination = "/dev/shm", Type = "tmpfs", Source = "shm", Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"] },
            new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
            new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
            new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["nosuid", "noexec", "nodev", "relatime", "ro"] },
        ],
        Linux = new LinuxSpec
        {
            Resources = new LinuxResources { Devices = [new DeviceCgroupRule { Allow = false, Access = "rwm" }] },
            Namespaces = [new() { Type = "pid" }, new() { Type = "network" }, new() { Type = "ipc" }, new() { Type = "uts" }, new() { Type = "mount" }],
            MaskedPaths =
            [
                "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
            ],
            ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
        },
    };
}
