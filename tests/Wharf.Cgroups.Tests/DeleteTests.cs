using Wharf.Core;

namespace Wharf.Cgroups.Tests;

/// <summary>Create/Delete/Exists on the fake cgroupfs (empty directories stand in for cgroups).</summary>
public sealed class DeleteTests : IDisposable
{
    private readonly FakeCgroupFs _fs = new(FakeCgroupFs.HybridSeparate, FakeCgroupFs.HybridSeparateProc);

    public void Dispose() => _fs.Dispose();

    [Fact]
    public void CreateMakesADirectoryInEveryHierarchyAndDeleteRemovesThem()
    {
        ICgroup cgroup = _fs.Layout.Open("/wharf/abc");
        cgroup.Create();
        Assert.True(cgroup.Exists);
        Assert.All(cgroup.Directories, d => Assert.True(Directory.Exists(d.Path), d.Path));
        cgroup.Delete();
        Assert.False(cgroup.Exists);
        Assert.All(cgroup.Directories, d => Assert.False(Directory.Exists(d.Path), d.Path));
        // The parent /wharf stays, as with runc.
        Assert.True(Directory.Exists(_fs.Host("/sys/fs/cgroup/memory/wharf")));
    }

    [Fact]
    public void CreateIsIdempotent()
    {
        ICgroup cgroup = _fs.Layout.Open("/c");
        cgroup.Create();
        cgroup.Create();
        Assert.True(cgroup.Exists);
    }

    [Fact]
    public void DeleteIsIdempotentAndFineWithHalfMadeCgroups()
    {
        ICgroup cgroup = _fs.Layout.Open("/c");
        cgroup.Delete(); // never created
        Directory.CreateDirectory(_fs.Host("/sys/fs/cgroup/memory/c")); // only one hierarchy made
        Assert.True(cgroup.Exists);
        cgroup.Delete();
        cgroup.Delete();
        Assert.False(cgroup.Exists);
    }

    [Fact]
    public void DeleteRemovesSubCgroupsDeepestFirst()
    {
        ICgroup cgroup = _fs.Layout.Open("/c");
        cgroup.Create();
        Directory.CreateDirectory(_fs.Host("/sys/fs/cgroup/pids/c/sub/deeper"));
        Directory.CreateDirectory(_fs.Host("/sys/fs/cgroup/pids/c/other"));
        cgroup.Delete();
        Assert.False(Directory.Exists(_fs.Host("/sys/fs/cgroup/pids/c")));
    }

    [Fact]
    public void DeleteTriesEveryHierarchyThenReportsTheFailure()
    {
        ICgroup cgroup = _fs.Layout.Open("/c");
        cgroup.Create();
        // A regular file makes rmdir fail (ENOTEMPTY) in the fake, standing in for a stuck cgroup.
        File.WriteAllText(_fs.Host("/sys/fs/cgroup/memory/c/stuck"), "");
        var e = Assert.Throws<WharfException>(() => cgroup.Delete());
        Assert.Contains(_fs.Host("/sys/fs/cgroup/memory/c"), e.Message);
        Assert.False(Directory.Exists(_fs.Host("/sys/fs/cgroup/pids/c")));
        Assert.False(Directory.Exists(_fs.Host("/sys/fs/cgroup/cpu/c")));
    }

    [Fact]
    public void BestEffortHierarchiesDoNotFailDelete()
    {
        ICgroup cgroup = _fs.Layout.Open("/c");
        cgroup.Create();
        File.WriteAllText(_fs.Host("/sys/fs/cgroup/unified/c/stuck"), "");
        cgroup.Delete();
        Assert.False(Directory.Exists(_fs.Host("/sys/fs/cgroup/memory/c")));
    }

    [Fact]
    public void CreateFailureIsAClearError()
    {
        // A file where the hierarchy's directory should be: mkdir fails.
        File.WriteAllText(_fs.Host("/sys/fs/cgroup/memory/blocked"), "");
        var e = Assert.Throws<WharfException>(() => _fs.Layout.Open("/blocked/c").Create());
        Assert.Contains("mkdir", e.Message);
        Assert.Contains(_fs.Host("/sys/fs/cgroup/memory/blocked"), e.Message);
    }
}
