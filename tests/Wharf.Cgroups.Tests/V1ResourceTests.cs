using Wharf.Cgroups.V1;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.Tests;

/// <summary>The exact values the v1 code writes, against a fake cgroupfs.</summary>
public sealed class V1ResourceTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private const string Memory = "/sys/fs/cgroup/memory/c";
    private const string Cpu = "/sys/fs/cgroup/cpu,cpuacct/c";

    private readonly FakeCgroupFs _fs = new(FakeCgroupFs.V1CoMounted);
    private readonly ICgroup _cgroup;

    public V1ResourceTests() => _cgroup = _fs.Layout.Open("/c");

    public void Dispose() => _fs.Dispose();

    private void SeedMemory(bool swapAccounting = true)
    {
        var files = new List<string> { "memory.limit_in_bytes", "memory.soft_limit_in_bytes", "memory.oom_control", "memory.swappiness", "memory.kmem.tcp.limit_in_bytes" };
        if (swapAccounting)
            files.Add("memory.memsw.limit_in_bytes");
        _fs.Seed(Memory, [.. files]);
    }

    [Fact]
    public void MemoryLimitAndSwapAreWrittenAsMemoryPlusSwap()
    {
        SeedMemory();
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB, Swap = 64 * MiB } });
        Assert.Equal("33554432", _fs.Read($"{Memory}/memory.limit_in_bytes"));
        Assert.Equal("67108864", _fs.Read($"{Memory}/memory.memsw.limit_in_bytes"));
    }

    [Fact]
    public void UnlimitedMemoryWithSwapUnsetMakesSwapUnlimitedToo()
    {
        SeedMemory();
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = -1 } });
        Assert.Equal("-1", _fs.Read($"{Memory}/memory.limit_in_bytes"));
        Assert.Equal("-1", _fs.Read($"{Memory}/memory.memsw.limit_in_bytes"));
    }

    [Fact]
    public void LimitAloneLeavesSwapAlone()
    {
        SeedMemory();
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB } });
        Assert.Equal("33554432", _fs.Read($"{Memory}/memory.limit_in_bytes"));
        Assert.Equal("", _fs.Read($"{Memory}/memory.memsw.limit_in_bytes"));
    }

    [Theory]
    [InlineData(32 * MiB)] // swap == limit: "no swap", nothing to write
    [InlineData(-1L)]      // unlimited swap: what no swap accounting gives anyway
    [InlineData(0L)]       // unset
    public void WithoutSwapAccountingHarmlessSwapRequestsAreAccepted(long swap)
    {
        SeedMemory(swapAccounting: false);
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB, Swap = swap } });
        Assert.Equal("33554432", _fs.Read($"{Memory}/memory.limit_in_bytes"));
        Assert.False(File.Exists(_fs.Host($"{Memory}/memory.memsw.limit_in_bytes")));
    }

    [Fact]
    public void WithoutSwapAccountingARealSwapLimitIsAnError()
    {
        SeedMemory(swapAccounting: false);
        var e = Assert.Throws<WharfException>(() =>
            _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB, Swap = 64 * MiB } }));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("memory.memsw.limit_in_bytes", e.Message);
        Assert.Contains("67108864", e.Message);
    }

    [Fact]
    public void ReservationOomKillerSwappinessAndKernelTcp()
    {
        SeedMemory();
        _cgroup.Apply(new LinuxResources
        {
            Memory = new MemoryResources { Reservation = 16 * MiB, DisableOOMKiller = true, Swappiness = 60, KernelTCP = 8 * MiB },
        });
        Assert.Equal("16777216", _fs.Read($"{Memory}/memory.soft_limit_in_bytes"));
        Assert.Equal("1", _fs.Read($"{Memory}/memory.oom_control"));
        Assert.Equal("60", _fs.Read($"{Memory}/memory.swappiness"));
        Assert.Equal("8388608", _fs.Read($"{Memory}/memory.kmem.tcp.limit_in_bytes"));
        Assert.Equal("", _fs.Read($"{Memory}/memory.limit_in_bytes"));
    }

    [Fact]
    public void EmptyMemorySectionTouchesNothing()
    {
        // No files seeded: any write would fail.
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources(), Cpu = new CpuResources(), BlockIO = new BlockIoResources() });
    }

    [Fact]
    public void WriteErrorsNameTheFileAndTheValue()
    {
        _fs.Seed(Memory); // directory without control files
        var e = Assert.Throws<WharfException>(() => _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB } }));
        Assert.Contains(_fs.Host($"{Memory}/memory.limit_in_bytes"), e.Message);
        Assert.Contains("\"33554432\"", e.Message);
    }

    [Fact]
    public void CpuSharesQuotaPeriodAndRealtime()
    {
        _fs.Seed(Cpu, "cpu.shares", "cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.rt_period_us", "cpu.rt_runtime_us");
        _cgroup.Apply(new LinuxResources
        {
            Cpu = new CpuResources { Shares = 512, Quota = 50000, Period = 100000, RealtimePeriod = 1000000, RealtimeRuntime = 950000 },
        });
        Assert.Equal("512", _fs.Read($"{Cpu}/cpu.shares"));
        Assert.Equal("50000", _fs.Read($"{Cpu}/cpu.cfs_quota_us"));
        Assert.Equal("100000", _fs.Read($"{Cpu}/cpu.cfs_period_us"));
        Assert.Equal("1000000", _fs.Read($"{Cpu}/cpu.rt_period_us"));
        Assert.Equal("950000", _fs.Read($"{Cpu}/cpu.rt_runtime_us"));
    }

    [Fact]
    public void UnlimitedQuotaIsMinusOne()
    {
        _fs.Seed(Cpu, "cpu.cfs_quota_us");
        _cgroup.Apply(new LinuxResources { Cpu = new CpuResources { Quota = -1 } });
        Assert.Equal("-1", _fs.Read($"{Cpu}/cpu.cfs_quota_us"));
    }

    [Fact]
    public void CpusetCpusAndMems()
    {
        _fs.Seed("/sys/fs/cgroup/cpuset/c", "cpuset.cpus", "cpuset.mems");
        _cgroup.Apply(new LinuxResources { Cpu = new CpuResources { Cpus = "0-1", Mems = "0" } });
        Assert.Equal("0-1", _fs.Read("/sys/fs/cgroup/cpuset/c/cpuset.cpus"));
        Assert.Equal("0", _fs.Read("/sys/fs/cgroup/cpuset/c/cpuset.mems"));
    }

    [Fact]
    public void CreateCopiesEmptyCpusetFromTheParentAtEveryLevel()
    {
        _fs.Seed("/sys/fs/cgroup/cpuset", "cpuset.cpus=0-3\\n", "cpuset.mems=0\\n");
        _fs.Seed("/sys/fs/cgroup/cpuset/docker", "cpuset.cpus", "cpuset.mems");
        _fs.Seed("/sys/fs/cgroup/cpuset/docker/abc", "cpuset.cpus", "cpuset.mems");
        _fs.Layout.Open("/docker/abc").Create();
        Assert.Equal("0-3", _fs.Read("/sys/fs/cgroup/cpuset/docker/cpuset.cpus"));
        Assert.Equal("0", _fs.Read("/sys/fs/cgroup/cpuset/docker/cpuset.mems"));
        Assert.Equal("0-3", _fs.Read("/sys/fs/cgroup/cpuset/docker/abc/cpuset.cpus"));
        Assert.Equal("0", _fs.Read("/sys/fs/cgroup/cpuset/docker/abc/cpuset.mems"));
    }

    [Fact]
    public void CreateKeepsCpusetThatIsAlreadySet()
    {
        _fs.Seed("/sys/fs/cgroup/cpuset", "cpuset.cpus=0-3", "cpuset.mems=0");
        _fs.Seed("/sys/fs/cgroup/cpuset/c", "cpuset.cpus=1", "cpuset.mems");
        _cgroup.Create();
        Assert.Equal("1", _fs.Read("/sys/fs/cgroup/cpuset/c/cpuset.cpus"));
        Assert.Equal("0", _fs.Read("/sys/fs/cgroup/cpuset/c/cpuset.mems"));
    }

    [Theory]
    [InlineData(16L, "16")]
    [InlineData(0L, "max")]
    [InlineData(-1L, "max")]
    public void PidsLimit(long limit, string expected)
    {
        _fs.Seed("/sys/fs/cgroup/pids/c", "pids.max");
        _cgroup.Apply(new LinuxResources { Pids = new PidsResources { Limit = limit } });
        Assert.Equal(expected, _fs.Read("/sys/fs/cgroup/pids/c/pids.max"));
    }

    [Fact]
    public void MissingControllerIsAClearError()
    {
        var layout = CgroupLayout.Parse("30 22 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n", "", "/");
        var e = Assert.Throws<WharfException>(() => layout.Open("/c").Apply(new LinuxResources { Pids = new PidsResources { Limit = 5 } }));
        Assert.Contains("pids controller is not available", e.Message);
    }

    [Theory]
    [InlineData(false, null, null, null, null, "a *:* rwm")]
    [InlineData(true, "c", 1L, 3L, "rwm", "c 1:3 rwm")]
    [InlineData(true, "c", 136L, null, "rw", "c 136:* rw")]
    [InlineData(true, "b", null, null, "m", "b *:* m")]
    [InlineData(true, "c", -1L, -1L, "r", "c *:* r")]
    [InlineData(true, "", 5L, 1L, "", "a 5:1 rwm")]
    public void DeviceRuleFormat(bool allow, string? type, long? major, long? minor, string? access, string expected)
    {
        var rule = new DeviceCgroupRule { Allow = allow, Type = type, Major = major, Minor = minor, Access = access };
        Assert.Equal(expected, DevicesController.Format(rule));
    }

    [Theory]
    [InlineData("x", "rwm")]
    [InlineData("c", "rwx")]
    [InlineData("c", "rr")]
    [InlineData("c", "rwmr")]
    public void BadDeviceRulesAreRejected(string type, string access)
    {
        var e = Assert.Throws<WharfException>(() => DevicesController.Format(new DeviceCgroupRule { Type = type, Access = access }));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void DeviceRulesGoToAllowOrDeny()
    {
        _fs.Seed("/sys/fs/cgroup/devices/c", "devices.allow", "devices.deny");
        _cgroup.Apply(new LinuxResources
        {
            Devices =
            [
                new DeviceCgroupRule { Allow = false, Access = "rwm" },
                new DeviceCgroupRule { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
            ],
        });
        Assert.Equal("a *:* rwm", _fs.Read("/sys/fs/cgroup/devices/c/devices.deny"));
        Assert.Equal("c 1:3 rwm", _fs.Read("/sys/fs/cgroup/devices/c/devices.allow"));
    }

    [Fact]
    public void BlkioWeightPrefersCfqThenBfq()
    {
        _fs.Seed("/sys/fs/cgroup/blkio/c", "blkio.bfq.weight");
        _cgroup.Apply(new LinuxResources { BlockIO = new BlockIoResources { Weight = 300 } });
        Assert.Equal("300", _fs.Read("/sys/fs/cgroup/blkio/c/blkio.bfq.weight"));

        _fs.Seed("/sys/fs/cgroup/blkio/c", "blkio.weight");
        _cgroup.Apply(new LinuxResources { BlockIO = new BlockIoResources { Weight = 500 } });
        Assert.Equal("500", _fs.Read("/sys/fs/cgroup/blkio/c/blkio.weight"));
    }

    [Fact]
    public void BlkioWeightWithoutSchedulerSupportIsAnError()
    {
        _fs.Seed("/sys/fs/cgroup/blkio/c");
        var e = Assert.Throws<WharfException>(() => _cgroup.Apply(new LinuxResources { BlockIO = new BlockIoResources { Weight = 500 } }));
        Assert.Contains("blkio.weight", e.Message);
    }

    [Fact]
    public void UnifiedResourcesAreRefusedOnV1()
    {
        var e = Assert.Throws<WharfException>(() =>
            _cgroup.Apply(new LinuxResources { Unified = new Dictionary<string, string> { ["memory.high"] = "1000000" } }));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void FreezeAndThawWriteFreezerState()
    {
        _fs.Seed("/sys/fs/cgroup/freezer/c", "freezer.state");
        Assert.Equal(FreezerState.Thawed, _cgroup.State);
        _cgroup.Freeze();
        Assert.Equal("FROZEN", _fs.Read("/sys/fs/cgroup/freezer/c/freezer.state"));
        Assert.Equal(FreezerState.Frozen, _cgroup.State);
        _cgroup.Thaw();
        Assert.Equal("THAWED", _fs.Read("/sys/fs/cgroup/freezer/c/freezer.state"));
        Assert.Equal(FreezerState.Thawed, _cgroup.State);
    }

    [Fact]
    public void AddProcessWritesEveryHierarchyAndToleratesBestEffortOnes()
    {
        using var fs = new FakeCgroupFs(FakeCgroupFs.HybridSeparate, FakeCgroupFs.HybridSeparateProc);
        ICgroup cgroup = fs.Layout.Open("/c");
        foreach (CgroupDirectory dir in cgroup.Directories.Where(d => d.Required))
            fs.Seed(dir.Path[fs.Root.Length..], "cgroup.procs");
        // name=systemd and the unified hierarchy have no directory: best effort, so no error.
        cgroup.AddProcess(4242);
        foreach (CgroupDirectory dir in cgroup.Directories.Where(d => d.Required))
            Assert.Equal("4242", File.ReadAllText(Path.Join(dir.Path, "cgroup.procs")));
    }

    [Fact]
    public void AddProcessFailsWhenARequiredHierarchyIsMissing()
    {
        var e = Assert.Throws<WharfException>(() => _cgroup.AddProcess(4242));
        Assert.Contains("cgroup.procs", e.Message);
    }

    [Fact]
    public void PidsIncludeSubCgroups()
    {
        _fs.Seed("/sys/fs/cgroup/pids/c", "cgroup.procs=10\\n11\\n");
        _fs.Seed("/sys/fs/cgroup/pids/c/sub", "cgroup.procs=12\\n");
        Assert.Equal([10, 11, 12], _cgroup.Pids().Order());
        Assert.Empty(_fs.Layout.Open("/missing").Pids());
    }

    [Fact]
    public void Stats()
    {
        _fs.Seed(Memory,
            "memory.usage_in_bytes=1048576\\n", "memory.max_usage_in_bytes=2097152\\n", "memory.limit_in_bytes=33554432\\n",
            "memory.failcnt=7\\n", "memory.oom_control=oom_kill_disable 0\\nunder_oom 0\\noom_kill 2\\n");
        _fs.Seed("/sys/fs/cgroup/pids/c", "pids.current=3\\n", "pids.max=16\\n");
        _fs.Seed(Cpu, "cpuacct.usage=123456789\\n", "cpu.stat=nr_periods 10\\nnr_throttled 4\\nthrottled_time 5000\\n");
        CgroupStats stats = _cgroup.Stats();
        Assert.Equal(1048576UL, stats.MemoryUsage);
        Assert.Equal(2097152UL, stats.MemoryMaxUsage);
        Assert.Equal(33554432UL, stats.MemoryLimit);
        Assert.Equal(7UL, stats.MemoryFailCount);
        Assert.Equal(2UL, stats.OomKills);
        Assert.Equal(3UL, stats.PidsCurrent);
        Assert.Equal(16UL, stats.PidsLimit);
        Assert.Equal(123456789UL, stats.CpuUsageNanos);
        Assert.Equal(10UL, stats.CpuPeriods);
        Assert.Equal(4UL, stats.CpuThrottledPeriods);
        Assert.Equal(5000UL, stats.CpuThrottledNanos);
    }

    [Fact]
    public void StatsReportUnlimitedAsNull()
    {
        _fs.Seed(Memory, "memory.limit_in_bytes=9223372036854771712\\n");
        _fs.Seed("/sys/fs/cgroup/pids/c", "pids.max=max\\n");
        CgroupStats stats = _cgroup.Stats();
        Assert.Null(stats.MemoryLimit);
        Assert.Null(stats.PidsLimit);
        Assert.Equal(0UL, stats.CpuUsageNanos);
    }

    [Fact]
    public void StatsOfAMissingCgroupIsNotFound()
    {
        var e = Assert.Throws<WharfException>(() => _cgroup.Stats());
        Assert.Equal(ErrorKind.NotFound, e.Kind);
    }
}
