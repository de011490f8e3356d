using Wharf.Core.Oci;

namespace Wharf.RuntimeTests;

/// <summary>
/// The spec `runc spec` writes (runc 1.1), with the changes a non-interactive test needs:
/// terminal off, a writable rootfs (each bundle has its own copy) and an explicit cgroupsPath
/// so the tests know where to look for leftovers.
/// </summary>
public static class DefaultSpec
{
    public static readonly string[] DefaultCapabilities = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"];

    public static readonly string[] MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
    ];

    public static readonly string[] ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static RuntimeSpec Create(string hostname, string cgroupsPath, params string[] args) => new()
    {
        Process = new ProcessSpec
        {
            Terminal = false,
            User = new UserSpec { Uid = 0, Gid = 0 },
            Args = [.. args],
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
        Root = new RootSpec { Path = "rootfs", Readonly = false },
        Hostname = hostname,
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
            CgroupsPath = cgroupsPath,
            Resources = new LinuxResources { Devices = [new DeviceCgroupRule { Allow = false, Access = "rwm" }] },
            Namespaces = [new() { Type = "pid" }, new() { Type = "network" }, new() { Type = "ipc" }, new() { Type = "uts" }, new() { Type = "mount" }],
            MaskedPaths = [.. MaskedPaths],
            ReadonlyPaths = [.. ReadonlyPaths],
        },
    };

    /// <summary>The spec with its process replaced through <paramref name="change"/>.</summary>
    public static RuntimeSpec WithProcess(this RuntimeSpec spec, Func<ProcessSpec, ProcessSpec> change) =>
        spec with { Process = change(spec.Process!) };

    /// <summary>The spec with its linux section replaced through <paramref name="change"/>.</summary>
    public static RuntimeSpec WithLinux(this RuntimeSpec spec, Func<LinuxSpec, LinuxSpec> change) =>
        spec with { Linux = change(spec.Linux!) };

    public static RuntimeSpec WithResources(this RuntimeSpec spec, Func<LinuxResources, LinuxResources> change) =>
        spec.WithLinux(l => l with { Resources = change(l.Resources ?? new LinuxResources()) });
}
