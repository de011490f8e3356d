using Wharf.Core;

namespace Wharf.Cgroups.Tests;

public sealed class CgroupLayoutTests
{
    [Fact]
    public void DetectsV1WithCoMountedCpuAndNamedHierarchy()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.V1CoMounted);
        Assert.Equal(CgroupMode.V1, fs.Layout.Mode);
        Assert.Null(fs.Layout.UnifiedMountPoint);
        var mounts = fs.Layout.ControllerMountPoints;
        Assert.Equal(fs.Host("/sys/fs/cgroup/cpu,cpuacct"), mounts["cpu"]);
        Assert.Equal(fs.Host("/sys/fs/cgroup/cpu,cpuacct"), mounts["cpuacct"]);
        Assert.Equal(fs.Host("/sys/fs/cgroup/memory"), mounts["memory"]);
        Assert.Equal(fs.Host("/sys/fs/cgroup/net_cls,net_prio"), mounts["net_prio"]);
        Assert.Equal(fs.Host("/sys/fs/cgroup/systemd"), mounts["name=systemd"]);
        // Mount options are not controllers.
        Assert.DoesNotContain("xattr", mounts.Keys);
        Assert.DoesNotContain("rw", mounts.Keys);
        Assert.DoesNotContain(mounts.Keys, k => k.StartsWith("release_agent", StringComparison.Ordinal));
    }

    [Fact]
    public void DetectsHybridWithSeparateCpuAndCpuacct()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.HybridSeparate, FakeCgroupFs.HybridSeparateProc);
        Assert.Equal(CgroupMode.Hybrid, fs.Layout.Mode);
        Assert.Equal(fs.Host("/sys/fs/cgroup/unified"), fs.Layout.UnifiedMountPoint);
        Assert.Equal(fs.Host("/sys/fs/cgroup/cpu"), fs.Layout.ControllerMountPoints["cpu"]);
        Assert.Equal(fs.Host("/sys/fs/cgroup/cpuacct"), fs.Layout.ControllerMountPoints["cpuacct"]);
    }

    [Fact]
    public void DetectsV2()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.V2, "0::/user.slice/session-1.scope\n");
        Assert.Equal(CgroupMode.V2, fs.Layout.Mode);
        Assert.Equal(fs.Host("/sys/fs/cgroup"), fs.Layout.UnifiedMountPoint);
        Assert.Empty(fs.Layout.ControllerMountPoints);
    }

    [Fact]
    public void V2HostWithOnlyANamedV1HierarchyIsV2()
    {
        string mountInfo = FakeCgroupFs.V2 + "\n40 35 0:40 / /run/systemd-compat rw - cgroup cgroup rw,name=systemd\n";
        var layout = CgroupLayout.Parse(mountInfo, "", "/");
        Assert.Equal(CgroupMode.V2, layout.Mode);
    }

    [Fact]
    public void NoCgroupMountsIsAnError()
    {
        var e = Assert.Throws<WharfException>(() => CgroupLayout.Parse("22 1 0:20 / /sys rw - sysfs sysfs rw\n", "", "/"));
        Assert.Contains("no cgroup filesystem", e.Message);
    }

    [Fact]
    public void MissingMountInfoIsAClearError()
    {
        var e = Assert.Throws<WharfException>(() => CgroupLayout.Detect("/nonexistent/mountinfo", "/nonexistent/cgroup", "/"));
        Assert.Contains("/nonexistent/mountinfo", e.Message);
    }

    [Fact]
    public void FirstMountOfAHierarchyWins()
    {
        string mountInfo = """
            30 22 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory
            31 22 0:31 / /other/memory rw - cgroup cgroup rw,memory
            """;
        var layout = CgroupLayout.Parse(mountInfo, "", "/");
        Assert.Equal("/sys/fs/cgroup/memory", layout.ControllerMountPoints["memory"]);
    }

    [Fact]
    public void UnescapesMountPoints()
    {
        var mounts = CgroupMount.Parse(@"30 22 0:31 / /mnt/my\040cgroups\134x rw - cgroup cgroup rw,memory");
        Assert.Equal(@"/mnt/my cgroups\x", Assert.Single(mounts).MountPoint);
    }

    [Fact]
    public void ParsesOptionalFieldsBeforeTheSeparator()
    {
        var mounts = CgroupMount.Parse("30 22 0:31 / /sys/fs/cgroup/pids rw,relatime shared:5 master:3 - cgroup cgroup rw,pids");
        var mount = Assert.Single(mounts);
        Assert.Equal(["pids"], mount.Controllers);
        Assert.Equal("pids", mount.Hierarchy);
    }

    [Fact]
    public void ParsesProcessCgroups()
    {
        var own = ProcessCgroups.Parse("12:cpu,cpuacct:/docker/abc\n1:name=systemd:/system.slice/x.service\n0::/init.scope (deleted)\n");
        Assert.Equal("/docker/abc", own["cpu"]);
        Assert.Equal("/docker/abc", own["cpuacct"]);
        Assert.Equal("/system.slice/x.service", own["name=systemd"]);
        Assert.Equal("/init.scope", own[""]);
    }
}
