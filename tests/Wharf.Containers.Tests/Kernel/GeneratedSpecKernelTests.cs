using System.Globalization;

namespace Wharf.Containers.Tests.Kernel;

/// <summary>
/// Generated specs run under the real runtime (wharf-runtime and runc): what a user of
/// `docker run` would notice — identity, environment, capabilities, masked and read-only paths,
/// limits and the default seccomp profile.
/// </summary>
[Trait("Category", "Kernel")]
[Collection(KernelCollection.Name)]
public sealed class GeneratedSpecKernelTests(BusyboxRootfs rootfs)
{
    public static TheoryData<string> Runtimes => RuntimeBinary.All;

    private static ContainerConfig Sh(string script, ContainerConfig? config = null) =>
        (config ?? new ContainerConfig()) with { Cmd = ["sh", "-c", script] };

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task The_process_runs_as_the_resolved_user_with_docker_env_and_cwd(string runtime)
    {
        await using var box = new SpecSandbox(rootfs, runtime);
        var (code, stdout, stderr, _) = await box.RunAsync(
            Sh("id; echo cwd=$(pwd); env | sort", new ContainerConfig { User = "alice", WorkingDir = "/home/alice/work", Env = ["GREETING=hi"] }),
            new HostSettings { GroupAdd = ["audio", "4000"] });
        Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
        string[] lines = stdout.Split('\n');
        Assert.StartsWith("uid=1000(alice) gid=1000(alice) groups=", lines[0]);
        var groups = lines[0][(lines[0].IndexOf("groups=", StringComparison.Ordinal) + 7)..].Split(',').ToHashSet();
        Assert.Equal(new HashSet<string> { "1000(alice)", "50(staff)", "29(audio)", "4000" }, groups);
        Assert.Contains("cwd=/home/alice/work", lines);
        Assert.Contains("GREETING=hi", lines);
        Assert.Contains("PATH=/usr/sbin:/usr/bin:/sbin:/bin", lines); // the image's PATH replaces Docker's default
        Assert.Contains($"HOSTNAME={box.Id[..12]}", lines);
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task The_hostname_and_etc_files_are_the_daemons(string runtime)
    {
        await using var box = new SpecSandbox(rootfs, runtime);
        var (code, stdout, stderr, _) = await box.RunAsync(Sh("hostname; cat /etc/hostname; grep -c . /etc/hosts; grep db /etc/hosts; grep '^nameserver' /etc/resolv.conf | head -1"),
            new HostSettings { ExtraHosts = ["db:10.1.2.3"], Dns = ["192.0.2.53"] });
        Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
        Assert.Equal([box.Id[..12], box.Id[..12], "7", "10.1.2.3\tdb", "nameserver 192.0.2.53", ""], stdout.Split('\n'));
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Root_gets_dockers_default_capabilities_and_cap_add_drop_change_them(string runtime)
    {
        await using (var box = new SpecSandbox(rootfs, runtime))
        {
            var (code, stdout, stderr, _) = await box.RunAsync(Sh("grep -E '^Cap(Eff|Bnd|Prm)' /proc/self/status"));
            Assert.True(code == 0, $"{runtime}: exit {code}\n{stderr}");
            string expected = Mask(CapabilitySet.Default);
            Assert.Equal(["CapPrm:\t" + expected, "CapEff:\t" + expected, "CapBnd:\t" + expected, ""], stdout.Split('\n'));
        }
        await using (var box = new SpecSandbox(rootfs, runtime))
        {
            var (code, stdout, stderr, _) = await box.RunAsync(Sh("grep '^CapEff' /proc/self/status"), new HostSettings { CapAdd = ["net_admin"], CapDrop = ["CAP_CHOWN", "mknod"] });
            Assert.True(code == 0, $"{runtime}: exit {code}\n{stderr}");
            var caps = CapabilitySet.Default.Except(["CAP_CHOWN", "CAP_MKNOD"]).Append("CAP_NET_ADMIN");
            Assert.Equal("CapEff:\t" + Mask(caps), stdout.Trim());
        }
        await using (var box = new SpecSandbox(rootfs, runtime))
        {
            var (code, stdout, stderr, _) = await box.RunAsync(Sh("grep '^CapEff' /proc/self/status", new ContainerConfig { User = "alice" }));
            Assert.True(code == 0, $"{runtime}: exit {code}\n{stderr}");
            Assert.Equal("CapEff:\t0000000000000000", stdout.Trim()); // a non-root user keeps none through exec
        }
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Proc_paths_are_masked_and_sys_is_read_only(string runtime)
    {
        await using var box = new SpecSandbox(rootfs, runtime);
        var (code, stdout, stderr, _) = await box.RunAsync(Sh(
            "echo timer_list=$(wc -c < /proc/timer_list); echo firmware=$(ls /sys/firmware | wc -l); " +
            "mkdir /sys/fs/cgroup/memory/x /sys/fs/cgroup/unified/x 2>&1 | head -1; { echo 1 > /proc/sys/kernel/domainname; } 2>&1; touch /sys/kernel/x 2>&1; " +
            "grep -E ' /sys(/fs/cgroup[^ ]*)? ' /proc/self/mounts | cut -d' ' -f2,4 | cut -d, -f1; echo done"));
        Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("timer_list=0", stdout); // bound over by /dev/null
        Assert.Contains("firmware=0", stdout); // an empty read-only tmpfs
        Assert.True(3 == stdout.Split('\n').Count(l => l.Contains("Read-only file system")), $"{runtime}:\n{stdout}");
        Assert.Contains("/sys ro", stdout);
        Assert.DoesNotContain("/sys rw", stdout);
        Assert.NotEmpty(File.ReadAllText("/proc/timer_list")); // the host's is not empty
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task A_read_only_rootfs_refuses_writes_but_tmpfs_and_shm_take_them(string runtime)
    {
        await using var box = new SpecSandbox(rootfs, runtime);
        var (code, stdout, stderr, _) = await box.RunAsync(
            Sh("touch /newfile 2>&1; touch /run/ok && echo run-ok; touch /dev/shm/ok && echo shm-ok; df -k /dev/shm | tail -1 | awk '{print \"shm=\" $2}'"),
            new HostSettings { ReadonlyRootfs = true, Tmpfs = new Dictionary<string, string> { ["/run"] = "size=1m" }, ShmSize = 8 << 20 });
        Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("Read-only file system", stdout);
        Assert.Contains("run-ok", stdout);
        Assert.Contains("shm-ok", stdout);
        Assert.Contains("shm=8192", stdout);
        Assert.False(File.Exists(Path.Combine(box.Rootfs, "newfile")));
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task The_memory_limit_kills_a_big_allocation(string runtime)
    {
        await using var box = new SpecSandbox(rootfs, runtime);
        // dd allocates its 96 MiB block at once: over a 32 MiB limit (swap: 64 MiB, none on this host) the OOM killer ends it.
        var (code, stdout, stderr, _) = await box.RunAsync(new ContainerConfig { Cmd = ["dd", "if=/dev/zero", "of=/dev/null", "bs=96M", "count=1"] },
            new HostSettings { Memory = 32 << 20 });
        Assert.True(code == 137, $"{runtime}: expected the OOM kill (137), got {code}\n{stdout}\n{stderr}");

        await using var fits = new SpecSandbox(rootfs, runtime);
        var small = await fits.RunAsync(new ContainerConfig { Cmd = ["dd", "if=/dev/zero", "of=/dev/null", "bs=4M", "count=1"] }, new HostSettings { Memory = 32 << 20 });
        Assert.True(small.ExitCode == 0, $"{runtime}: {small.Stderr}");
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task The_pids_limit_stops_forks(string runtime)
    {
        await using var box = new SpecSandbox(rootfs, runtime);
        // The inner shell forks sleepers until the limit refuses one (ash then gives up); the outer
        // one reports with builtins only, which need no fork.
        string sleepers = string.Join(' ', Enumerable.Range(1, 30));
        var (code, stdout, stderr, _) = await box.RunAsync(
            Sh($"sh -c 'for i in {sleepers}; do sleep 5 & done' 2>/tmp/err; echo inner=$?; read -r line < /tmp/err; echo \"err=$line\""),
            new HostSettings { PidsLimit = 10 });
        Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("inner=2", stdout);
        Assert.Contains("can't fork", stdout);

        await using var unlimited = new SpecSandbox(rootfs, runtime);
        var free = await unlimited.RunAsync(Sh($"sh -c 'for i in {sleepers}; do sleep 1 & done; wait'; echo inner=$?"));
        Assert.Contains("inner=0", free.Stdout);
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Default_seccomp_blocks_unshare_and_mount_which_privileged_allows(string runtime)
    {
        // A user namespace needs no capability: only seccomp can refuse it. Unconfined, the same container may.
        const string Probe = "grep '^Seccomp:' /proc/self/status; unshare -U true && echo userns-ok; unshare -m true && echo mountns-ok; " +
                             "mkdir -p /mnt/t; mount -t tmpfs none /mnt/t && echo mount-ok; true";
        await using (var box = new SpecSandbox(rootfs, runtime))
        {
            var (code, stdout, stderr, _) = await box.RunAsync(Sh(Probe));
            Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
            Assert.Contains("Seccomp:\t2", stdout);
            Assert.DoesNotContain("-ok", stdout);
            Assert.Contains("Operation not permitted", stderr);
        }
        await using (var box = new SpecSandbox(rootfs, runtime))
        {
            var (code, stdout, stderr, _) = await box.RunAsync(Sh(Probe), new HostSettings { SecurityOpt = ["seccomp=unconfined"] });
            Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
            Assert.Contains("Seccomp:\t0", stdout);
            Assert.Contains("userns-ok", stdout); // so it was seccomp that refused it above
            Assert.DoesNotContain("mount-ok", stdout); // mount still needs CAP_SYS_ADMIN
        }
        await using (var box = new SpecSandbox(rootfs, runtime))
        {
            var (code, stdout, stderr, _) = await box.RunAsync(Sh(Probe), new HostSettings { Privileged = true });
            Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
            Assert.Contains("Seccomp:\t0", stdout);
            Assert.Contains("mountns-ok", stdout);
            Assert.Contains("mount-ok", stdout);
        }
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Cap_sys_admin_opens_the_profiles_admin_syscalls(string runtime)
    {
        await using var box = new SpecSandbox(rootfs, runtime);
        var (code, stdout, stderr, _) = await box.RunAsync(Sh("unshare -m true && echo mountns-ok; grep '^Seccomp:' /proc/self/status"),
            new HostSettings { CapAdd = ["SYS_ADMIN"] });
        Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("Seccomp:\t2", stdout);
        Assert.Contains("mountns-ok", stdout);
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task No_new_privileges_is_set_on_request(string runtime)
    {
        await using var box = new SpecSandbox(rootfs, runtime);
        var (code, stdout, _, _) = await box.RunAsync(Sh("grep '^NoNewPrivs:' /proc/self/status"), new HostSettings { SecurityOpt = ["no-new-privileges"] });
        Assert.Equal(0, code);
        Assert.Equal("NoNewPrivs:\t1", stdout.Trim());
        await using var plain = new SpecSandbox(rootfs, runtime);
        Assert.Equal("NoNewPrivs:\t0", (await plain.RunAsync(Sh("grep '^NoNewPrivs:' /proc/self/status"))).Stdout.Trim());
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Init_runs_as_pid_one_and_the_command_below_it(string runtime)
    {
        string? init = new[] { "/usr/bin/docker-init", "/usr/bin/tini-static" }.FirstOrDefault(File.Exists);
        if (init is null) return; // no static init binary on this machine (docker.io or tini)
        await using var box = new SpecSandbox(rootfs, runtime);
        var (code, stdout, stderr, _) = await box.RunAsync(Sh("echo self=$$; cat /proc/1/cmdline | tr '\\0' ' '"), new HostSettings { Init = true },
            input => input with { InitPath = init });
        Assert.True(code == 0, $"{runtime}: exit {code}\n{stdout}\n{stderr}");
        Assert.DoesNotContain("self=1\n", stdout);
        Assert.Contains("/sbin/docker-init -- sh -c", stdout);
    }

    private static string Mask(IEnumerable<string> capabilities)
    {
        ulong mask = 0;
        foreach (string cap in capabilities) mask |= 1UL << CapabilitySet.Known.ToList().IndexOf(cap);
        return mask.ToString("x16", CultureInfo.InvariantCulture);
    }
}
