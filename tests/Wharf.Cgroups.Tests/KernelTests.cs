using System.Diagnostics;
using Wharf.Core;
using Wharf.Core.Oci;
using Xunit.Abstractions;

namespace Wharf.Cgroups.Tests;

/// <summary>
/// Against the real cgroup hierarchy (root only). Every test makes its own /wharf-test-&lt;guid&gt; cgroup and
/// removes it in Dispose even when it fails; only processes the test started are ever moved into it.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class KernelTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1024 * 1024;

    private readonly List<Process> _processes = [];
    private readonly List<ICgroup> _cgroups = [];
    private CgroupLayout? _layout;

    private CgroupLayout Layout => _layout ??= CgroupLayout.Detect();

    private ICgroup NewCgroup(string prefix = "/")
    {
        ICgroup cgroup = Layout.Open($"{prefix}wharf-test-{Guid.NewGuid():N}");
        _cgroups.Add(cgroup);
        return cgroup;
    }

    private Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        Process process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {file}");
        _processes.Add(process);
        return process;
    }

    private static char ProcessState(int pid)
    {
        // /proc/PID/stat: "pid (comm) S ..." — the state follows the last ')'.
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[stat.LastIndexOf(')') + 2];
    }

    private static char SettledState(int pid)
    {
        char state = ProcessState(pid);
        for (int i = 0; i < 100 && state == 'R'; i++)
        {
            Thread.Sleep(10);
            state = ProcessState(pid);
        }
        return state;
    }

    public void Dispose()
    {
        foreach (ICgroup cgroup in _cgroups)
        {
            try
            {
                if (cgroup.State != FreezerState.Thawed)
                    cgroup.Thaw();
            }
            catch (WharfException)
            {
            }
            foreach (int pid in SafePids(cgroup))
            {
                try
                {
                    // Only processes this test started (and their children) were ever added to the cgroup.
                    Process.GetProcessById(pid).Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                }
            }
        }
        foreach (Process process in _processes)
        {
            try
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
            }
            process.Dispose();
        }
        foreach (ICgroup cgroup in _cgroups)
        {
            try
            {
                cgroup.Delete();
            }
            catch (WharfException e)
            {
                output.WriteLine($"cleanup of {cgroup.Path} failed: {e.Message}");
            }
        }
    }

    private static IReadOnlyList<int> SafePids(ICgroup cgroup)
    {
        try
        {
            return cgroup.Pids();
        }
        catch (WharfException)
        {
            return [];
        }
    }

    [KernelFact]
    public void FullLifecycle()
    {
        output.WriteLine($"mode {Layout.Mode}");
        ICgroup cgroup = NewCgroup();
        cgroup.Create();
        Assert.True(cgroup.Exists);
        Assert.All(cgroup.Directories.Where(d => d.Required), d => Assert.True(Directory.Exists(d.Path), d.Path));

        cgroup.Apply(new LinuxResources
        {
            Memory = new MemoryResources { Limit = 32 * MiB },
            Pids = new PidsResources { Limit = 16 },
        });

        Process sleep = Start("sleep", "30");
        cgroup.AddProcess(sleep.Id);
        Assert.Contains(sleep.Id, cgroup.Pids());
        string membership = File.ReadAllText($"/proc/{sleep.Id}/cgroup");
        output.WriteLine(membership);
        string memoryLine = membership.Split('\n').First(l => Layout.Mode == CgroupMode.V2 ? l.StartsWith("0::", StringComparison.Ordinal) : l.Split(':')[1].Split(',').Contains("memory"));
        Assert.EndsWith(cgroup.Path, memoryLine);

        CgroupStats stats = cgroup.Stats();
        output.WriteLine(stats.ToString());
        Assert.Equal((ulong)(32 * MiB), stats.MemoryLimit);
        Assert.Equal(16UL, stats.PidsLimit);
        Assert.Equal(1UL, stats.PidsCurrent);
        Assert.Equal(0UL, stats.OomKills);

        cgroup.Freeze();
        Assert.Equal(FreezerState.Frozen, cgroup.State);
        char frozenState = ProcessState(sleep.Id);
        output.WriteLine($"frozen process state: {frozenState}");
        Assert.NotEqual('R', frozenState);

        cgroup.Thaw();
        Assert.Equal(FreezerState.Thawed, cgroup.State);
        // A thawed task is briefly runnable ('R') on its way back into nanosleep.
        Assert.Equal('S', SettledState(sleep.Id));

        sleep.Kill();
        sleep.WaitForExit();
        cgroup.Delete();
        Assert.False(cgroup.Exists);
        Assert.All(cgroup.Directories, d => Assert.False(Directory.Exists(d.Path), d.Path));
        cgroup.Delete(); // idempotent
    }

    [KernelFact]
    public void DeleteRetriesWhileAKilledProcessExits()
    {
        ICgroup cgroup = NewCgroup();
        cgroup.Create();
        Process sleep = Start("sleep", "30");
        cgroup.AddProcess(sleep.Id);
        sleep.Kill(); // no wait: the process is still leaving when rmdir starts
        cgroup.Delete();
        Assert.False(cgroup.Exists);
    }

    [KernelFact]
    public void DeleteOfACgroupWithALiveProcessFailsAsConflict()
    {
        ICgroup cgroup = NewCgroup();
        cgroup.Create();
        Process sleep = Start("sleep", "30");
        cgroup.AddProcess(sleep.Id);
        var e = Assert.Throws<WharfException>(() => cgroup.Delete());
        output.WriteLine(e.Message);
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        Assert.True(cgroup.Exists);
    }

    [KernelFact]
    public void MemoryLimitAndSwapCanGrowAndShrink()
    {
        // v1 keeps limit <= memsw at every moment: the write order must follow the direction of the change.
        ICgroup cgroup = NewCgroup();
        cgroup.Create();
        cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB, Swap = 32 * MiB } });
        Assert.Equal((ulong)(32 * MiB), cgroup.Stats().MemoryLimit);
        cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 64 * MiB, Swap = 128 * MiB } });
        Assert.Equal((ulong)(64 * MiB), cgroup.Stats().MemoryLimit);
        cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 16 * MiB, Swap = 16 * MiB } });
        Assert.Equal((ulong)(16 * MiB), cgroup.Stats().MemoryLimit);
        cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = -1 } });
        Assert.Null(cgroup.Stats().MemoryLimit);
    }

    [KernelFact]
    public void CpuAndPidsValuesReachTheKernel()
    {
        ICgroup cgroup = NewCgroup();
        cgroup.Create();
        cgroup.Apply(new LinuxResources
        {
            Cpu = new CpuResources { Shares = 512, Quota = 20000, Period = 100000 },
            Pids = new PidsResources { Limit = 0 },
        });
        Assert.Null(cgroup.Stats().PidsLimit);
        if (Layout.Mode == CgroupMode.V2)
        {
            string dir = cgroup.Directories[0].Path;
            Assert.Equal("20000 100000", File.ReadAllText(Path.Join(dir, "cpu.max")).Trim());
            Assert.Equal(WeightOf(512), File.ReadAllText(Path.Join(dir, "cpu.weight")).Trim());
        }
        else
        {
            string dir = Path.Join(Layout.ControllerMountPoints["cpu"], cgroup.Path);
            Assert.Equal("512", File.ReadAllText(Path.Join(dir, "cpu.shares")).Trim());
            Assert.Equal("20000", File.ReadAllText(Path.Join(dir, "cpu.cfs_quota_us")).Trim());
            Assert.Equal("100000", File.ReadAllText(Path.Join(dir, "cpu.cfs_period_us")).Trim());
        }

        if (Layout.Mode != CgroupMode.V2)
        {
            // v1 clamps shares silently; the read-back turns that into an error.
            var e = Assert.Throws<WharfException>(() => cgroup.Apply(new LinuxResources { Cpu = new CpuResources { Shares = 1_000_000 } }));
            output.WriteLine(e.Message);
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        }
    }

    private static string WeightOf(ulong shares) => V2.CpuController.SharesToWeight(shares).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [KernelFact]
    public void PidsLimitStopsForks()
    {
        ICgroup cgroup = NewCgroup();
        cgroup.Create();
        cgroup.Apply(new LinuxResources { Pids = new PidsResources { Limit = 5 } });
        Process sh = Start("sh", "-c", "read go; for i in 1 2 3 4 5 6 7 8 9 10; do sleep 30 & done; wait");
        cgroup.AddProcess(sh.Id);
        sh.StandardInput.WriteLine("go");
        sh.StandardInput.Flush();
        Thread.Sleep(500);
        CgroupStats stats = cgroup.Stats();
        output.WriteLine(stats.ToString());
        Assert.Equal(5UL, stats.PidsLimit);
        // sh and four sleeps fit; the fifth fork fails (and dash gives up, so sh itself may be gone).
        Assert.InRange(stats.PidsCurrent, 4UL, 5UL);
        Assert.InRange(cgroup.Pids().Count, 4, 5);
        string dir = cgroup.Directories.First(d => d.Hierarchy.Split(',').Contains("pids") || d.Hierarchy.Length == 0).Path;
        string events = File.ReadAllText(Path.Join(dir, "pids.events"));
        output.WriteLine(events);
        Assert.True(CgroupFile.ParseKeyed(events).GetValueOrDefault("max") >= 1, "no fork was refused");
    }

    [KernelFact]
    public void MemoryLimitOomKillsAndIsCounted()
    {
        ICgroup cgroup = NewCgroup();
        cgroup.Create();
        // No swap either, so the only way out is the OOM killer.
        cgroup.Apply(new LinuxResources { Memory = new MemoryResources { Limit = 32 * MiB, Swap = 32 * MiB } });
        // tail keeps the last lines; /dev/zero has no newline, so it buffers everything head sends.
        Process sh = Start("sh", "-c", "read go; head -c 256M /dev/zero | tail > /dev/null; echo exit=$? >&2");
        cgroup.AddProcess(sh.Id);
        sh.StandardInput.WriteLine("go");
        sh.StandardInput.Flush();
        Assert.True(sh.WaitForExit(30_000), "the memory hog was not stopped");
        output.WriteLine(sh.StandardError.ReadToEnd());
        CgroupStats stats = cgroup.Stats();
        output.WriteLine(stats.ToString());
        Assert.True(stats.OomKills >= 1, $"OomKills = {stats.OomKills}");
        Assert.True(stats.MemoryMaxUsage is 0 || stats.MemoryMaxUsage >= 16 * MiB);
    }

    [KernelFact]
    public void DeviceRulesOnV1()
    {
        if (Layout.Mode == CgroupMode.V2)
        {
            output.WriteLine("v2: device rules need eBPF; nothing to check");
            return;
        }
        ICgroup cgroup = NewCgroup();
        cgroup.Create();
        cgroup.Apply(new LinuxResources
        {
            Devices =
            [
                new DeviceCgroupRule { Allow = false, Access = "rwm" },
                new DeviceCgroupRule { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
                new DeviceCgroupRule { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "r" },
                new DeviceCgroupRule { Allow = true, Type = "c", Major = 136, Access = "rw" },
            ],
        });
        string dir = Path.Join(Layout.ControllerMountPoints["devices"], cgroup.Path);
        string list = File.ReadAllText(Path.Join(dir, "devices.list"));
        output.WriteLine(list);
        Assert.Equal(["c 1:3 rwm", "c 1:5 r", "c 136:* rw"], list.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [KernelFact]
    public void RelativePathIsUnderTheOwnCgroup()
    {
        ICgroup cgroup = NewCgroup(prefix: "");
        cgroup.Create();
        string own = File.ReadAllText("/proc/self/cgroup");
        output.WriteLine(own);
        foreach (CgroupDirectory dir in cgroup.Directories.Where(d => d.Required))
        {
            Assert.True(Directory.Exists(dir.Path), dir.Path);
            Assert.EndsWith("/" + cgroup.Path.TrimStart('/'), dir.Path);
        }
        cgroup.Delete();
        Assert.False(cgroup.Exists);
    }

    [KernelFact]
    public void StatsOfARunningProcessCountCpu()
    {
        ICgroup cgroup = NewCgroup();
        cgroup.Create();
        Process sh = Start("sh", "-c", "read go; i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done");
        cgroup.AddProcess(sh.Id);
        sh.StandardInput.WriteLine("go");
        sh.StandardInput.Flush();
        Assert.True(sh.WaitForExit(30_000));
        CgroupStats stats = cgroup.Stats();
        output.WriteLine(stats.ToString());
        Assert.True(stats.CpuUsageNanos > 1_000_000, $"CpuUsageNanos = {stats.CpuUsageNanos}");
    }

    [KernelFact]
    public void V2CodeOnTheRealUnifiedHierarchyOfAHybridHost()
    {
        // On a hybrid host the controller-less cgroup2 mount still has cgroup.procs, cgroup.freeze and cgroup.events,
        // so the v2 code paths (create, join, freeze, pids, delete) can run against the real kernel here too.
        if (Layout.Mode != CgroupMode.Hybrid)
        {
            output.WriteLine($"{Layout.Mode}: the other tests already exercise this mode");
            return;
        }
        string unified = Layout.UnifiedMountPoint!;
        CgroupLayout v2 = CgroupLayout.Parse($"40 30 0:37 / {unified} rw,relatime - cgroup2 cgroup2 rw\n", "0::/\n", "/");
        Assert.Equal(CgroupMode.V2, v2.Mode);
        string subtreeControl = Path.Join(unified, "cgroup.subtree_control");
        string[] enabledBefore = File.ReadAllText(subtreeControl).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        ICgroup cgroup = v2.Open($"/wharf-test-{Guid.NewGuid():N}");
        _cgroups.Add(cgroup);
        try
        {
            cgroup.Create();
            Assert.True(cgroup.Exists);
            Process sleep = Start("sleep", "30");
            cgroup.AddProcess(sleep.Id);
            Assert.Equal([sleep.Id], cgroup.Pids());
            Assert.Equal(FreezerState.Thawed, cgroup.State);
            cgroup.Freeze();
            Assert.Equal(FreezerState.Frozen, cgroup.State);
            output.WriteLine($"frozen process state: {ProcessState(sleep.Id)}");
            cgroup.Thaw();
            Assert.Equal(FreezerState.Thawed, cgroup.State);
            output.WriteLine(cgroup.Stats().ToString());
            sleep.Kill();
            cgroup.Delete();
            Assert.False(cgroup.Exists);
        }
        finally
        {
            // Create enabled the root's controllers in cgroup.subtree_control; put the host back as it was.
            foreach (string controller in File.ReadAllText(subtreeControl).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!enabledBefore.Contains(controller))
                    CgroupFile.TryWrite(unified, "cgroup.subtree_control", "-" + controller);
            }
        }
    }
}
