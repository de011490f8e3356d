using Wharf.Cgroups.V2;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.Tests;

/// <summary>The exact values the v2 code writes, against a fake cgroupfs.</summary>
public sealed class V2ResourceTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private const string Dir = "/sys/fs/cgroup/c";

    private readonly FakeCgroupFs _fs = new(FakeCgroupFs.V2);
    private readonly ICgroup _cgroup;

    public V2ResourceTests() => _cgroup = _fs.Layout.Open("/c");

    public void Dispose() => _fs.Dispose();

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(1UL, 1UL)]
    [InlineData(2UL, 1UL)]
    [InlineData(1024UL, 100UL)]
    [InlineData(262144UL, 10000UL)]
    [InlineData(1000000UL, 10000UL)]
    public void SharesToWeightKeepsTheDefaultsAligned(ulong shares, ulong weight) =>
        Assert.Equal(weight, CpuController.SharesToWeight(shares));

    [Fact]
    public void SharesToWeightIsMonotonicAndInRange()
    {
        ulong previous = 0;
        for (ulong shares = 2; shares <= 262144; shares += 97)
        {
            ulong weight = CpuController.SharesToWeight(shares);
            Assert.InRange(weight, 1UL, 10000UL);
            Assert.True(weight >= previous, $"weight({shares}) = {weight} < {previous}");
            previous = weight;
        }
        Assert.True(CpuController.SharesToWeight(512) < 100);
        Assert.True(CpuController.SharesToWeight(2048) > 100);
    }

    [Theory]
    [InlineData(50000L, 100000UL, "50000 100000")]
    [InlineData(50000L, 0UL, "50000")]
    [InlineData(-1L, 0UL, "max")]
    [InlineData(-1L, 100000UL, "max 100000")]
    [InlineData(0L, 250000UL, "max 250000")]
    [InlineData(0L, 0UL, null)]
    public void CpuMax(long quota, ulong period, string? expected) =>
        Assert.Equal(expected, CpuController.FormatMax(quota, period));

    [Fact]
    public void CpuWeightAndMaxAreWritten()
    {
        _fs.Seed(Dir, "cpu.weight", "cpu.max");
        _cgroup.Apply(new LinuxResources { Cpu = new CpuResources { Shares = 1024, Quota = 25000, Period = 100000 } });
        Assert.Equal("100", _fs.Read($"{Dir}/cpu.weight"));
        Assert.Equal("25000 100000", _fs.Read($"{Dir}/cpu.max"));
    }

    [Fact]
    public void RealtimeIsRefusedOnV2()
    {
        var e = Assert.Throws<WharfException>(() =>
            _cgroup.Apply(new LinuxResources { Cpu = new CpuResources { RealtimeRuntime = 1000 } }));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Theory]
    [InlineData(0L, 32 * MiB, 0L)]
    [InlineData(-1L, 32 * MiB, -1L)]
    [InlineData(64 * MiB, 32 * MiB, 32 * MiB)]
    [InlineData(32 * MiB, 32 * MiB, 0L)]
    [InlineData(0L, -1L, -1L)]
    [InlineData(-1L, -1L, -1L)]
    public void SwapIsMemoryPlusSwapMinusMemory(long memorySwap, long memory, long expected) =>
        Assert.Equal(expected, MemoryController.ConvertSwap(memorySwap, memory));

    [Theory]
    [InlineData(16 * MiB, 32 * MiB)] // below the memory limit
    [InlineData(64 * MiB, 0L)]       // no memory limit
    [InlineData(64 * MiB, -1L)]      // unlimited memory
    public void InconsistentSwapIsRejected(long memorySwap, long memory)
    {
        var e = Assert.Throws<WharfException>(() => MemoryController.ConvertSwap(memorySwap, memory));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void MemoryMaxSwapMaxAndLow()
    {
        _fs.Seed(Dir, "memory.max", "memory.swap.max", "memory.low");
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB, Swap = 48 * MiB, Reservation = 8 * MiB } });
        Assert.Equal("33554432", _fs.Read($"{Dir}/memory.max"));
        Assert.Equal("16777216", _fs.Read($"{Dir}/memory.swap.max"));
        Assert.Equal("8388608", _fs.Read($"{Dir}/memory.low"));
    }

    [Fact]
    public void SwapEqualToLimitDisablesSwap()
    {
        _fs.Seed(Dir, "memory.max", "memory.swap.max");
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB, Swap = 32 * MiB } });
        Assert.Equal("0", _fs.Read($"{Dir}/memory.swap.max"));
    }

    [Fact]
    public void UnlimitedMemoryWritesMax()
    {
        _fs.Seed(Dir, "memory.max", "memory.swap.max");
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = -1 } });
        Assert.Equal("max", _fs.Read($"{Dir}/memory.max"));
        Assert.Equal("max", _fs.Read($"{Dir}/memory.swap.max"));
    }

    [Fact]
    public void WithoutSwapFileNoneOrUnlimitedSwapIsFine()
    {
        _fs.Seed(Dir, "memory.max");
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB, Swap = 32 * MiB } });
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = -1 } });
        var e = Assert.Throws<WharfException>(() =>
            _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB, Swap = 64 * MiB } }));
        Assert.Contains("memory.swap.max", e.Message);
    }

    [Fact]
    public void SwappinessAndOomKillerAreIgnored()
    {
        _cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Swappiness = 10, DisableOOMKiller = true, Kernel = 1, KernelTCP = 1 } });
    }

    [Theory]
    [InlineData(16L, "16")]
    [InlineData(0L, "max")]
    [InlineData(-1L, "max")]
    public void PidsMax(long limit, string expected)
    {
        _fs.Seed(Dir, "pids.max");
        _cgroup.Apply(new LinuxResources { Pids = new PidsResources { Limit = limit } });
        Assert.Equal(expected, _fs.Read($"{Dir}/pids.max"));
    }

    [Fact]
    public void CpusetIsWrittenAsIs()
    {
        _fs.Seed(Dir, "cpuset.cpus", "cpuset.mems");
        _cgroup.Apply(new LinuxResources { Cpu = new CpuResources { Cpus = "1,3", Mems = "0" } });
        Assert.Equal("1,3", _fs.Read($"{Dir}/cpuset.cpus"));
        Assert.Equal("0", _fs.Read($"{Dir}/cpuset.mems"));
    }

    [Theory]
    [InlineData((ushort)10, 1UL)]
    [InlineData((ushort)500, 4950UL)]
    [InlineData((ushort)1000, 10000UL)]
    public void BlkioWeightToIoWeight(ushort weight, ulong expected) =>
        Assert.Equal(expected, IoController.BlkioWeightToIoWeight(weight));

    [Fact]
    public void IoWeightPrefersBfq()
    {
        _fs.Seed(Dir, "io.weight");
        _cgroup.Apply(new LinuxResources { BlockIO = new BlockIoResources { Weight = 500 } });
        Assert.Equal("4950", _fs.Read($"{Dir}/io.weight"));
        _fs.Seed(Dir, "io.bfq.weight");
        _cgroup.Apply(new LinuxResources { BlockIO = new BlockIoResources { Weight = 500 } });
        Assert.Equal("500", _fs.Read($"{Dir}/io.bfq.weight"));
    }

    [Fact]
    public void UnifiedKeysAreWrittenLast()
    {
        _fs.Seed(Dir, "memory.max", "memory.high");
        _cgroup.Apply(new LinuxResources
        {
            Unified = new Dictionary<string, string> { ["memory.high"] = "1000000" },
        });
        Assert.Equal("1000000", _fs.Read($"{Dir}/memory.high"));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("sub/memory.max")]
    [InlineData("cgroup.procs")]
    [InlineData("nodot")]
    public void BadUnifiedKeysAreRejected(string key)
    {
        var e = Assert.Throws<WharfException>(() =>
            _cgroup.Apply(new LinuxResources { Unified = new Dictionary<string, string> { [key] = "1" } }));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void CreateEnablesControllersDownToTheParent()
    {
        _fs.Seed("/sys/fs/cgroup", "cgroup.controllers=cpuset cpu io memory pids\\n", "cgroup.subtree_control");
        _fs.Seed("/sys/fs/cgroup/a", "cgroup.subtree_control");
        _fs.Seed("/sys/fs/cgroup/a/b", "cgroup.subtree_control");
        _fs.Layout.Open("/a/b/c").Create();
        const string all = "+cpuset +cpu +io +memory +pids";
        Assert.Equal(all, _fs.Read("/sys/fs/cgroup/cgroup.subtree_control"));
        Assert.Equal(all, _fs.Read("/sys/fs/cgroup/a/cgroup.subtree_control"));
        Assert.Equal(all, _fs.Read("/sys/fs/cgroup/a/b/cgroup.subtree_control"));
        Assert.True(Directory.Exists(_fs.Host("/sys/fs/cgroup/a/b/c")));
        Assert.False(File.Exists(_fs.Host("/sys/fs/cgroup/a/b/c/cgroup.subtree_control")));
    }

    [Fact]
    public void CreateMakesMissingParents()
    {
        _fs.Layout.Open("/x/y/z").Create();
        Assert.True(Directory.Exists(_fs.Host("/sys/fs/cgroup/x/y/z")));
    }

    [Fact]
    public void FreezeWaitsForCgroupEventsFrozen()
    {
        _fs.Seed(Dir, "cgroup.freeze", "cgroup.events=populated 1\\nfrozen 1\\n");
        _cgroup.Freeze();
        Assert.Equal("1", _fs.Read($"{Dir}/cgroup.freeze"));
        Assert.Equal(FreezerState.Frozen, _cgroup.State);
        _cgroup.Thaw();
        Assert.Equal("0", _fs.Read($"{Dir}/cgroup.freeze"));
        Assert.Equal(FreezerState.Thawed, _cgroup.State);
    }

    [Fact]
    public void FreezingUntilEventsSayFrozen()
    {
        _fs.Seed(Dir, "cgroup.freeze=1", "cgroup.events=populated 1\\nfrozen 0\\n");
        Assert.Equal(FreezerState.Freezing, _cgroup.State);
    }

    [Fact]
    public void FreezeWithoutKernelSupportIsAnError()
    {
        _fs.Seed(Dir);
        var e = Assert.Throws<WharfException>(() => _cgroup.Freeze());
        Assert.Contains("cgroup.freeze", e.Message);
    }

    [Fact]
    public void AddProcessAndPids()
    {
        _fs.Seed(Dir, "cgroup.procs");
        _cgroup.AddProcess(77);
        Assert.Equal("77", _fs.Read($"{Dir}/cgroup.procs"));
        Assert.Equal([77], _cgroup.Pids());
    }

    [Fact]
    public void Stats()
    {
        _fs.Seed(Dir,
            "memory.current=4096\\n", "memory.peak=8192\\n", "memory.max=max\\n",
            "memory.events=low 0\\nhigh 0\\nmax 5\\noom 1\\noom_kill 1\\noom_group_kill 0\\n",
            "pids.current=3\\n", "pids.max=max\\n",
            "cpu.stat=usage_usec 1500\\nuser_usec 1000\\nsystem_usec 500\\nnr_periods 10\\nnr_throttled 2\\nthrottled_usec 300\\n");
        CgroupStats stats = _cgroup.Stats();
        Assert.Equal(4096UL, stats.MemoryUsage);
        Assert.Equal(8192UL, stats.MemoryMaxUsage);
        Assert.Null(stats.MemoryLimit);
        Assert.Equal(5UL, stats.MemoryFailCount);
        Assert.Equal(1UL, stats.OomKills);
        Assert.Equal(3UL, stats.PidsCurrent);
        Assert.Null(stats.PidsLimit);
        Assert.Equal(1_500_000UL, stats.CpuUsageNanos);
        Assert.Equal(10UL, stats.CpuPeriods);
        Assert.Equal(2UL, stats.CpuThrottledPeriods);
        Assert.Equal(300_000UL, stats.CpuThrottledNanos);
    }

    [Fact]
    public void StatsWithLimits()
    {
        _fs.Seed(Dir, "memory.max=33554432\\n", "pids.max=16\\n");
        CgroupStats stats = _cgroup.Stats();
        Assert.Equal(33554432UL, stats.MemoryLimit);
        Assert.Equal(16UL, stats.PidsLimit);
    }
}
