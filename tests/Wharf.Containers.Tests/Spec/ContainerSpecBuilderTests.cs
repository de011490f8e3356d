using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers.Tests.Spec;

public sealed class ContainerSpecBuilderTests : IDisposable
{
    private readonly FakeRootfs _rootfs = new();
    private static readonly string Id = Records.Id("0123456789abcdef");

    public void Dispose() => _rootfs.Dispose();

    private RuntimeSpec Build(HostSettings? host = null, ContainerConfig? config = null, Func<ContainerSpecInput, ContainerSpecInput>? tweak = null,
        Func<Container, Container>? container = null)
    {
        var record = new Container
        {
            Id = Id,
            Name = "/web",
            Path = "sh",
            Args = ["-c", "id"],
            Config = config ?? new ContainerConfig(),
            HostSettings = host ?? new HostSettings(),
        };
        if (container is not null) record = container(record);
        var input = new ContainerSpecInput { Container = record, RootfsPath = _rootfs.Root, KernelVersion = new Version(6, 1) };
        return ContainerSpecBuilder.Build(tweak is null ? input : tweak(input));
    }

    private static MountSpec Mount(RuntimeSpec spec, string destination) => spec.Mounts!.Single(m => m.Destination == destination);

    [Fact]
    public void The_default_container_looks_like_dockers()
    {
        var spec = Build();
        Assert.Equal(_rootfs.Root, spec.Root!.Path);
        Assert.False(spec.Root.Readonly);
        Assert.Equal("0123456789ab", spec.Hostname);
        Assert.Equal(["sh", "-c", "id"], spec.Process!.Args);
        Assert.Equal("/", spec.Process.Cwd);
        Assert.Equal(["PATH=" + ContainerSpecBuilder.DefaultPath, "HOSTNAME=0123456789ab"], spec.Process.Env);
        Assert.Equal((0u, 0u), (spec.Process.User.Uid, spec.Process.User.Gid));
        Assert.Equal(CapabilitySet.Default, spec.Process.Capabilities!.Bounding);
        Assert.Equal(CapabilitySet.Default, spec.Process.Capabilities.Effective);
        Assert.Equal(CapabilitySet.Default, spec.Process.Capabilities.Permitted);
        Assert.Null(spec.Process.Capabilities.Inheritable);
        Assert.Null(spec.Process.Capabilities.Ambient);
        Assert.False(spec.Process.NoNewPrivileges);
        Assert.Equal(0, spec.Process.OomScoreAdj);
        Assert.False(spec.Process.Terminal);

        Assert.Equal(["mount", "network", "uts", "pid", "ipc", "cgroup"], spec.Linux!.Namespaces!.Select(n => n.Type));
        Assert.All(spec.Linux.Namespaces!, n => Assert.Null(n.Path));
        Assert.Equal("/wharf/" + Id, spec.Linux.CgroupsPath);
        Assert.Contains("/proc/kcore", spec.Linux.MaskedPaths!);
        Assert.Contains("/sys/firmware", spec.Linux.MaskedPaths!);
        Assert.Contains("/proc/interrupts", spec.Linux.MaskedPaths!);
        Assert.Equal(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"], spec.Linux.ReadonlyPaths);
        Assert.Empty(spec.Linux.Devices!);
        Assert.Equal("SCMP_ACT_ERRNO", spec.Linux.Seccomp!.DefaultAction);
        Assert.Equal("0 2147483647", spec.Linux.Sysctl!["net.ipv4.ping_group_range"]);
        Assert.Equal("0", spec.Linux.Sysctl["net.ipv4.ip_unprivileged_port_start"]);
        Assert.False(spec.Linux.Devices!.Any());
        var rules = spec.Linux.Resources!.Devices!;
        Assert.False(rules[0].Allow);
        Assert.Equal("rwm", rules[0].Access);
        Assert.Null(spec.Linux.Resources.Memory);
        Assert.Null(spec.Linux.Resources.Cpu);
        Assert.Null(spec.Linux.Resources.Pids);
    }

    [Fact]
    public void Default_mounts_are_dockers()
    {
        var spec = Build(new HostSettings { ShmSize = 0 });
        Assert.Equal(["/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm"], spec.Mounts!.Select(m => m.Destination));
        Assert.Equal(["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"], Mount(spec, "/dev/pts").Options);
        Assert.Equal(["nosuid", "noexec", "nodev", "ro"], Mount(spec, "/sys").Options);
        Assert.Equal(["ro", "nosuid", "noexec", "nodev"], Mount(spec, "/sys/fs/cgroup").Options);
        Assert.Equal(["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"], Mount(spec, "/dev/shm").Options);
        Assert.Equal("size=1048576", Mount(Build(new HostSettings { ShmSize = 1 << 20 }), "/dev/shm").Options![^1]);
    }

    [Fact]
    public void The_daemons_etc_files_are_bound_when_they_exist()
    {
        string dir = Path.Combine(_rootfs.Base, "container");
        Directory.CreateDirectory(dir);
        foreach (string name in new[] { "hostname", "hosts", "resolv.conf" }) File.WriteAllText(Path.Combine(dir, name), "x");
        Container WithFiles(Container c) => c with
        {
            HostnamePath = Path.Combine(dir, "hostname"),
            HostsPath = Path.Combine(dir, "hosts"),
            ResolvConfPath = Path.Combine(dir, "resolv.conf"),
        };
        var spec = Build(container: WithFiles);
        Assert.Equal(["/etc/resolv.conf", "/etc/hostname", "/etc/hosts"], spec.Mounts!.Skip(7).Select(m => m.Destination));
        var hosts = Mount(spec, "/etc/hosts");
        Assert.Equal(("bind", Path.Combine(dir, "hosts")), (hosts.Type, hosts.Source));
        Assert.Equal(["rbind", "rprivate"], hosts.Options);

        var readonlySpec = Build(new HostSettings { ReadonlyRootfs = true }, container: WithFiles);
        Assert.Equal(["rbind", "ro", "rprivate"], Mount(readonlySpec, "/etc/hostname").Options);

        File.Delete(Path.Combine(dir, "hosts"));
        Assert.DoesNotContain(Build(container: WithFiles).Mounts!, m => m.Destination == "/etc/hosts");
    }

    [Fact]
    public void A_readonly_rootfs_makes_the_other_default_mounts_readonly()
    {
        var spec = Build(new HostSettings { ReadonlyRootfs = true, Tmpfs = new Dictionary<string, string> { ["/run"] = "" } });
        Assert.True(spec.Root!.Readonly);
        foreach (string writable in new[] { "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/run" })
            Assert.DoesNotContain("ro", Mount(spec, writable).Options!);
        Assert.Contains("ro", Mount(spec, "/sys").Options!);
        Assert.Contains("ro", Mount(spec, "/sys/fs/cgroup").Options!);
    }

    [Fact]
    public void Tmpfs_mounts_merge_options_as_docker_does()
    {
        var spec = Build(new HostSettings
        {
            Tmpfs = new Dictionary<string, string> { ["/run"] = "exec,size=64m", ["/tmp"] = "", ["/run/lock"] = "mode=1777,size=1m,size=2m" },
        });
        Assert.Equal(["nosuid", "nodev", "rprivate", "exec", "size=64m"], Mount(spec, "/run").Options);
        Assert.Equal(["noexec", "nosuid", "nodev", "rprivate"], Mount(spec, "/tmp").Options);
        Assert.Equal(["noexec", "nosuid", "nodev", "rprivate", "mode=1777", "size=2m"], Mount(spec, "/run/lock").Options);
        Assert.Equal(("tmpfs", "tmpfs"), (Mount(spec, "/run").Type, Mount(spec, "/run").Source));
        var order = spec.Mounts!.Select(m => m.Destination).ToList();
        Assert.True(order.IndexOf("/run") < order.IndexOf("/run/lock"));
    }

    [Fact]
    public void Binds_and_a_user_dev_replace_default_mounts()
    {
        var spec = Build(tweak: input => input with
        {
            Mounts =
            [
                new ContainerMount { Source = "/srv/data", Destination = "/data", ReadOnly = true },
                new ContainerMount { Source = "/host/shm", Destination = "/dev/shm", Propagation = "rslave", NonRecursive = true },
            ],
        });
        Assert.Equal(["bind", "rslave"], Mount(spec, "/dev/shm").Options);
        Assert.Equal(["rbind", "ro", "rprivate"], Mount(spec, "/data").Options);
        Assert.Single(spec.Mounts!, m => m.Destination == "/dev/shm");

        var dev = Build(tweak: input => input with { Mounts = [new ContainerMount { Source = "/dev", Destination = "/dev" }] });
        Assert.DoesNotContain(dev.Mounts!, m => m.Destination.StartsWith("/dev/"));
        Assert.Throws<WharfException>(() => Build(tweak: input => input with { Mounts = [new ContainerMount { Source = "rel", Destination = "/x" }] }));
        Assert.Throws<WharfException>(() => Build(tweak: input => input with { Mounts = [new ContainerMount { Source = "/x", Destination = "/" }] }));
    }

    [Fact]
    public void Privileged_gets_every_capability_device_and_a_writable_sys_without_seccomp()
    {
        string dev = Path.Combine(_rootfs.Base, "dev");
        Directory.CreateDirectory(Path.Combine(dev, "pts"));
        Directory.CreateDirectory(Path.Combine(dev, "net"));
        File.WriteAllText(Path.Combine(dev, "not-a-device"), "");
        var spec = Build(new HostSettings { Privileged = true, ReadonlyRootfs = true }, tweak: input => input with { HostDevRoot = "/dev" });
        Assert.Equal(CapabilitySet.AvailableOnHost, spec.Process!.Capabilities!.Bounding);
        Assert.Null(spec.Linux!.MaskedPaths);
        Assert.Null(spec.Linux.ReadonlyPaths);
        Assert.Null(spec.Linux.Seccomp);
        Assert.DoesNotContain("ro", Mount(spec, "/sys").Options!);
        Assert.DoesNotContain("ro", Mount(spec, "/sys/fs/cgroup").Options!);
        Assert.Equal([new DeviceCgroupRule { Allow = true, Access = "rwm" }], spec.Linux.Resources!.Devices);
        var null_ = spec.Linux.Devices!.Single(d => d.Path == "/dev/null");
        Assert.Equal(("c", 1L, 3L), (null_.Type, null_.Major, null_.Minor));
        Assert.DoesNotContain(spec.Linux.Devices!, d => d.Path.StartsWith("/dev/pts/") || d.Path == "/dev/console");
        Assert.All(spec.Linux.Devices!, d => Assert.StartsWith("/dev/", d.Path));

        // A custom profile still applies to a privileged container.
        var custom = Build(new HostSettings { Privileged = true, SecurityOpt = ["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mount\"],\"action\":\"SCMP_ACT_ERRNO\"}]}"] });
        Assert.Equal("SCMP_ACT_ALLOW", custom.Linux!.Seccomp!.DefaultAction);
    }

    [Fact]
    public void Init_wraps_the_command_and_binds_the_binary()
    {
        var spec = Build(new HostSettings { Init = true }, tweak: input => input with { InitPath = "/usr/libexec/wharf-init" });
        Assert.Equal([ContainerSpecBuilder.InitInContainer, "--", "sh", "-c", "id"], spec.Process!.Args);
        var init = Mount(spec, "/sbin/docker-init");
        Assert.Equal(("bind", "/usr/libexec/wharf-init"), (init.Type, init.Source));
        Assert.Equal(["bind", "ro"], init.Options);
        Assert.Equal(["sh", "-c", "id"], Build(new HostSettings { Init = false }, tweak: input => input with { InitByDefault = true, InitPath = "/x" }).Process!.Args);
        Assert.Equal("/sbin/docker-init", Build(tweak: input => input with { InitByDefault = true, InitPath = "/x" }).Process!.Args![0]);
        Assert.Equal(ErrorKind.Internal, Assert.Throws<WharfException>(() => Build(new HostSettings { Init = true })).Kind);
    }

    [Fact]
    public void Host_networking_shares_the_hosts_network_and_a_path_joins_one()
    {
        var host = Build(new HostSettings { NetworkMode = "host" });
        Assert.DoesNotContain(host.Linux!.Namespaces!, n => n.Type == "network");
        Assert.False(host.Linux.Sysctl!.ContainsKey("net.ipv4.ping_group_range"));
        var joined = Build(new HostSettings { NetworkMode = "bridge" }, tweak: input => input with { NetworkNamespacePath = "/run/wharf/netns/x" });
        Assert.Equal("/run/wharf/netns/x", joined.Linux!.Namespaces!.Single(n => n.Type == "network").Path);
        var none = Build(new HostSettings { NetworkMode = "none" });
        Assert.Contains(none.Linux!.Namespaces!, n => n.Type == "network" && n.Path is null);
    }

    [Fact]
    public void Process_settings_come_from_the_config()
    {
        var spec = Build(
            new HostSettings { OomScoreAdj = 500, ConsoleSize = [40, 120], GroupAdd = ["audio"], SecurityOpt = ["no-new-privileges"] },
            new ContainerConfig { User = "alice", WorkingDir = "/home/alice", Tty = true, Env = ["A=1"], Hostname = "box", Domainname = "example.org" });
        Assert.Equal((1000u, 1000u), (spec.Process!.User.Uid, spec.Process.User.Gid));
        Assert.Equal([1000u, 1u, 50u, 29u], spec.Process.User.AdditionalGids);
        Assert.Equal("/home/alice", spec.Process.Cwd);
        Assert.True(spec.Process.Terminal);
        Assert.Equal((40, 120), (spec.Process.ConsoleSize!.Height, spec.Process.ConsoleSize.Width));
        Assert.Equal(["PATH=" + ContainerSpecBuilder.DefaultPath, "HOSTNAME=box", "TERM=xterm", "A=1"], spec.Process.Env);
        Assert.Equal("box", spec.Hostname);
        Assert.Equal("example.org", spec.Linux!.Sysctl!["kernel.domainname"]);
        Assert.True(spec.Process.NoNewPrivileges);
        Assert.Equal(500, spec.Process.OomScoreAdj);
        Assert.Null(Build(new HostSettings { ConsoleSize = [40, 120] }).Process!.ConsoleSize); // no tty, no size
    }

    [Fact]
    public void Resources_follow_dockers_conversions()
    {
        var spec = Build(new HostSettings
        {
            Memory = 256 << 20, MemoryReservation = 128 << 20, NanoCpus = 1_500_000_000, CpuShares = 512, CpusetCpus = "0-1", PidsLimit = 100,
            Ulimits = [new Ulimit { Name = "nofile", Soft = 1024, Hard = 4096 }, new Ulimit { Name = "core", Soft = -1, Hard = -1 }],
            Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_unprivileged_port_start"] = "1024", ["kernel.msgmax"] = "65536" },
        });
        var r = spec.Linux!.Resources!;
        Assert.Equal(256L << 20, r.Memory!.Limit);
        Assert.Equal(512L << 20, r.Memory.Swap); // unset swap: twice the memory
        Assert.Equal(128L << 20, r.Memory.Reservation);
        Assert.Equal((150_000L, 100_000UL), (r.Cpu!.Quota, r.Cpu.Period));
        Assert.Equal(512UL, r.Cpu.Shares);
        Assert.Equal("0-1", r.Cpu.Cpus);
        Assert.Equal(100, r.Pids!.Limit);
        Assert.Equal([("RLIMIT_NOFILE", 1024UL, 4096UL), ("RLIMIT_CORE", ulong.MaxValue, ulong.MaxValue)],
            spec.Process!.Rlimits!.Select(l => (l.Type, l.Soft, l.Hard)));
        Assert.Equal("1024", spec.Linux.Sysctl!["net.ipv4.ip_unprivileged_port_start"]); // the user's win
        Assert.Equal("65536", spec.Linux.Sysctl["kernel.msgmax"]);

        Assert.Null(Build(new HostSettings { Memory = 64 << 20, MemorySwap = -1 }).Linux!.Resources!.Memory!.Swap); // -1: unlimited
        Assert.Equal(-1, Build(new HostSettings { PidsLimit = 0 }).Linux!.Resources!.Pids!.Limit);
        Assert.Equal(-1, Build(new HostSettings { PidsLimit = -5 }).Linux!.Resources!.Pids!.Limit);
        var quota = Build(new HostSettings { CpuQuota = 20_000, CpuPeriod = 50_000 }).Linux!.Resources!.Cpu!;
        Assert.Equal((20_000L, 50_000UL), (quota.Quota, quota.Period));
        Assert.Equal("invalid ulimit type: bogus",
            Assert.Throws<WharfException>(() => Build(new HostSettings { Ulimits = [new Ulimit { Name = "bogus", Soft = 1, Hard = 1 }] })).Message);
    }

    [Fact]
    public void Seccomp_follows_the_final_capabilities_and_can_be_turned_off()
    {
        static bool Allows(RuntimeSpec spec, string syscall) =>
            spec.Linux!.Seccomp!.Syscalls!.Any(s => s.Action == "SCMP_ACT_ALLOW" && s.Args is null && s.Names.Contains(syscall));
        var plain = Build();
        Assert.False(Allows(plain, "mount"));
        Assert.False(Allows(plain, "unshare"));
        var admin = Build(new HostSettings { CapAdd = ["SYS_ADMIN"] });
        Assert.True(Allows(admin, "mount"));
        Assert.True(Allows(admin, "unshare"));
        Assert.True(Allows(admin, "clone"));
        Assert.DoesNotContain(admin.Linux!.Seccomp!.Syscalls!, s => s.Names.Contains("clone3") && s.Action == "SCMP_ACT_ERRNO");
        Assert.False(Allows(Build(new HostSettings { CapDrop = ["SYS_CHROOT"] }), "chroot"));
        Assert.Null(Build(new HostSettings { SecurityOpt = ["seccomp=unconfined"] }).Linux!.Seccomp);
        Assert.Null(Build(new HostSettings { SecurityOpt = ["seccomp:unconfined"] }).Linux!.Seccomp);
        Assert.NotNull(Build(new HostSettings { SecurityOpt = ["seccomp=builtin"] }).Linux!.Seccomp);
        Assert.StartsWith("Decoding seccomp profile failed", Assert.Throws<WharfException>(() => Build(new HostSettings { SecurityOpt = ["seccomp={nope"] })).Message);
    }

    [Fact]
    public void A_missing_user_fails_the_build_with_dockers_message()
    {
        var e = Assert.Throws<WharfException>(() => Build(config: new ContainerConfig { User = "carol" }));
        Assert.Equal("unable to find user carol: no matching entries in passwd file", e.Message);
    }
}
