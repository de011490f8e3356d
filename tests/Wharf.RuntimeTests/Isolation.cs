namespace Wharf.RuntimeTests;

/// <summary>The default spec's namespaces, masked paths, read-only /sys and capability set.</summary>
[Trait("Category", "Kernel")]
public sealed class Isolation
{
    public static TheoryData<string> Runtimes => RuntimeUnderTest.All;

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Process_is_pid_1_with_the_configured_hostname(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var report = await c.ReportAsync();
        Assert.Equal("1", report["pid"]);
        Assert.Equal("0", report["ppid"]);
        Assert.Equal(c.Hostname, report["hostname"]);
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Mount_table_is_its_own(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var hostOnly = Path.Combine(c.Dir, "host-only");
        Directory.CreateDirectory(hostOnly);
        Shell.Check("/bin/mount", "-t", "tmpfs", "wharf-host-only", hostOnly);
        try
        {
            var report = await c.ReportAsync();
            var mounts = report.All("mount");
            Assert.DoesNotContain(mounts, m => m.Contains("wharf-host-only") || m.Contains(c.Dir));
            Assert.Contains("/", report.MountPoints);
            foreach (var expected in new[] { "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys" })
                Assert.Contains(expected, report.MountPoints);
        }
        finally
        {
            Shell.Check("/bin/umount", hostOnly);
        }
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task New_network_namespace_has_only_lo(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var report = await c.ReportAsync();
        Assert.Equal(["lo"], report.All("net"));
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Host_sysv_shm_segment_is_invisible(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var key = Random.Shared.Next(0x10000, int.MaxValue).ToString();
        var created = new ProbeReport(Shell.Check(TestAssets.HostProbe, "ipc", "create", key));
        try
        {
            Assert.Contains(new ProbeReport(Shell.Check(TestAssets.HostProbe, "ipc")).All("shm"), s => s.EndsWith($"key:{key}"));
            var inside = await c.ReportAsync(c.ProbeSpec("ipc"));
            Assert.DoesNotContain(inside.All("shm"), s => s.EndsWith($"key:{key}"));
            Assert.Equal("0", inside["shm_count"]);
        }
        finally
        {
            Shell.Check(TestAssets.HostProbe, "ipc", "remove", created["shm_id"]);
        }
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Masked_paths_give_nothing(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var report = await c.ReportAsync();
        // The probe reads these; a masked file reads as empty (/dev/null), a masked dir lists nothing
        // (empty read-only tmpfs), and a path the host lacks is simply absent.
        foreach (var path in new[] { "/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/latency_stats", "/proc/sched_debug", "/proc/scsi", "/proc/acpi", "/sys/firmware" })
        {
            var seen = report["read." + path];
            Assert.True(seen is "0" or "entries:0" || seen.StartsWith("err:"), $"{runtime}: {path} is readable inside: {seen}");
        }
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Sys_and_proc_sys_are_read_only(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var report = await c.ReportAsync();
        Assert.Equal("1", report["readonly./sys"]);
        Assert.Equal("1", report["readonly./proc/sys"]);
        Assert.Equal("0", report["readonly./"]);
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Root_readonly_makes_the_rootfs_read_only(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var report = await c.ReportAsync(c.ProbeSpec("report") with { Root = new() { Path = "rootfs", Readonly = true } });
        Assert.Equal("1", report["readonly./"]);
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Default_capabilities_lack_sys_admin(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var report = await c.ReportAsync();
        var expected = Capabilities.Mask(DefaultSpec.DefaultCapabilities);
        Assert.Equal(expected, report["CapEff"]);
        Assert.Equal(expected, report["CapBnd"]);
        Assert.False(Capabilities.Has(report["CapEff"], "CAP_SYS_ADMIN"));
        Assert.Equal("err:EPERM", report["mount_tmpfs"]);
        await c.DeleteAndAssertNothingLeftAsync();
    }
}
