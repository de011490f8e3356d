namespace Wharf.RuntimeTests;

/// <summary>linux.resources: memory, pids and CPU quota are enforced through cgroups.</summary>
[Trait("Category", "Kernel")]
public sealed class Limits
{
    public static TheoryData<string> Runtimes => RuntimeUnderTest.All;

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Memory_limit_oom_kills_and_run_exits_137(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var spec = c.ProbeSpec("alloc", "256").WithResources(r => r with { Memory = new() { Limit = 32L << 20 } });
        var result = await c.RunAsync(spec);
        Assert.True(result.ExitCode == 137, $"{runtime}: expected 137 (SIGKILL by the OOM killer): {result}");
        Assert.DoesNotContain("allocated=256", result.Stdout);
        await c.DeleteAndAssertNothingLeftAsync();
    }

    // Wharf's state extension: after an OOM kill, `state` of the stopped container says so.
    [KernelTheory]
    [InlineData(RuntimeUnderTest.WharfRuntime)]
    public async Task State_of_an_oom_killed_container_says_so(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        await c.CreateContainerAsync(c.ProbeSpec("alloc", "256").WithResources(r => r with { Memory = new() { Limit = 32L << 20 } }));
        Assert.Null((await c.StateAsync()).OomKilled);
        await c.ExpectSuccessAsync("start", c.Id);
        var stopped = await c.WaitForStatusAsync("stopped");
        Assert.True(stopped.OomKilled, $"{runtime}: state after an OOM kill: {(await c.ExecAsync("state", c.Id)).Stdout}");
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Fork_bomb_stops_at_the_pids_limit(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var spec = c.ProbeSpec("forkbomb", "200").WithResources(r => r with { Pids = new() { Limit = 20 } });
        var report = await c.ReportAsync(spec);
        var forks = int.Parse(report["forks"]);
        Assert.InRange(forks, 1, 19); // the probe itself is one of the 20
        Assert.Equal("EAGAIN", report["errno"]);
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Cpu_quota_throttles_a_busy_loop(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var spec = c.ProbeSpec("spin", "1.5").WithResources(r => r with { Cpu = new() { Quota = 20_000, Period = 100_000 } });
        var report = await c.ReportAsync(spec);
        var ratio = double.Parse(report["cpu_ratio"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ratio < 0.35, $"{runtime}: a 20% quota let the loop use {ratio:P0} of a CPU\n{report}");
        await c.DeleteAndAssertNothingLeftAsync();
    }
}
