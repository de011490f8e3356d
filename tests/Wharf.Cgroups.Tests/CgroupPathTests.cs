using Wharf.Core;

namespace Wharf.Cgroups.Tests;

public sealed class CgroupPathTests
{
    [Theory]
    [InlineData("/docker/abc", "/docker/abc")]
    [InlineData("docker//abc/", "/docker/abc")]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("../../etc", "/etc")]
    [InlineData("/../../../x", "/x")]
    public void CleanNeverClimbsAboveTheBase(string input, string expected) =>
        Assert.Equal(expected, CgroupPath.Clean(input));

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("a/..")]
    [InlineData("/../")]
    public void PathsNamingTheBaseItselfAreRejected(string input)
    {
        var e = Assert.Throws<WharfException>(() => CgroupPath.Validate(input));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Theory]
    [InlineData("/docker/abc", "/", "/docker/abc")]
    [InlineData("/docker/abc/sub", "/docker/abc", "/sub")]
    [InlineData("/docker/abc", "/docker/abc", "/")]
    [InlineData("/", "/docker/abc", "/")]
    [InlineData("/other", "/docker/abc", "/other")]
    [InlineData("/docker/abcdef", "/docker/abc", "/docker/abcdef")]
    public void OwnCgroupIsTakenBelowTheMountRoot(string own, string mountRoot, string expected) =>
        Assert.Equal(expected, CgroupPath.BelowRoot(own, mountRoot));

    [Fact]
    public void Systemd_driver_paths_are_refused_with_a_reason()
    {
        var e = Assert.Throws<WharfException>(() => CgroupPath.Validate("system.slice:docker:abc"));
        Assert.Contains("systemd", e.Message);
        Assert.Equal("/a:b:c", CgroupPath.Validate("/a:b:c")); // an absolute path is a path
    }

    [Fact]
    public void AbsolutePathIsUnderEachHierarchyRoot()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.HybridSeparate, FakeCgroupFs.HybridSeparateProc);
        ICgroup cgroup = fs.Layout.Open("/wharf/abc");
        Assert.Equal("/wharf/abc", cgroup.Path);
        var dirs = cgroup.Directories.ToDictionary(d => d.Hierarchy, d => d);
        Assert.Equal(fs.Host("/sys/fs/cgroup/memory/wharf/abc"), dirs["memory"].Path);
        Assert.Equal(fs.Host("/sys/fs/cgroup/cpu/wharf/abc"), dirs["cpu"].Path);
        Assert.Equal(fs.Host("/sys/fs/cgroup/cpuacct/wharf/abc"), dirs["cpuacct"].Path);
        Assert.Equal(fs.Host("/sys/fs/cgroup/systemd/wharf/abc"), dirs["name=systemd"].Path);
        Assert.Equal(fs.Host("/sys/fs/cgroup/unified/wharf/abc"), dirs[""].Path);
        Assert.False(dirs["name=systemd"].Required);
        Assert.False(dirs[""].Required);
        Assert.True(dirs["memory"].Required);
        Assert.Equal(10, cgroup.Directories.Count);
    }

    [Fact]
    public void RelativePathIsUnderTheCallersOwnCgroupPerHierarchy()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.HybridSeparate, FakeCgroupFs.HybridSeparateProc);
        var dirs = fs.Layout.Open("wharf/abc").Directories.ToDictionary(d => d.Hierarchy, d => d.Path);
        Assert.Equal(fs.Host("/sys/fs/cgroup/memory/process_api/70cb/wharf/abc"), dirs["memory"]);
        Assert.Equal(fs.Host("/sys/fs/cgroup/pids/wharf/abc"), dirs["pids"]);
    }

    [Fact]
    public void RelativePathCannotEscapeTheOwnCgroup()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.HybridSeparate, FakeCgroupFs.HybridSeparateProc);
        var dirs = fs.Layout.Open("../../../x").Directories.ToDictionary(d => d.Hierarchy, d => d.Path);
        Assert.Equal(fs.Host("/sys/fs/cgroup/memory/process_api/70cb/x"), dirs["memory"]);
    }

    [Fact]
    public void CoMountedControllersShareOneDirectory()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.V1CoMounted);
        ICgroup cgroup = fs.Layout.Open("/docker/abc");
        var cpu = Assert.Single(cgroup.Directories, d => d.Hierarchy == "cpu,cpuacct");
        Assert.Equal(fs.Host("/sys/fs/cgroup/cpu,cpuacct/docker/abc"), cpu.Path);
        Assert.DoesNotContain(cgroup.Directories, d => d.Hierarchy.Length == 0);
    }

    [Fact]
    public void V2RelativePathUsesTheUnifiedOwnCgroup()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.V2, "0::/user.slice/session-1.scope\n");
        var dir = Assert.Single(fs.Layout.Open("ctr").Directories);
        Assert.Equal(fs.Host("/sys/fs/cgroup/user.slice/session-1.scope/ctr"), dir.Path);
        Assert.Equal(fs.Host("/sys/fs/cgroup/abs"), Assert.Single(fs.Layout.Open("/abs").Directories).Path);
    }

    [Fact]
    public void ContainerMountRootIsStrippedFromTheOwnCgroup()
    {
        // Inside a container without a cgroup namespace: the hierarchy is mounted from /docker/abc and
        // /proc/self/cgroup shows the full path.
        string mountInfo = "30 22 0:31 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
        var layout = CgroupLayout.Parse(mountInfo, "4:memory:/docker/abc/inner\n", "/");
        Assert.Equal("/sys/fs/cgroup/memory/inner/ctr", Assert.Single(layout.Open("ctr").Directories).Path);
        Assert.Equal("/sys/fs/cgroup/memory/ctr", Assert.Single(layout.Open("/ctr").Directories).Path);
    }

    [Fact]
    public void OpenTouchesNothing()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.V1CoMounted);
        ICgroup cgroup = fs.Layout.Open("/docker/abc");
        Assert.False(cgroup.Exists);
        Assert.False(Directory.Exists(fs.Host("/sys/fs/cgroup/memory/docker")));
    }
}
