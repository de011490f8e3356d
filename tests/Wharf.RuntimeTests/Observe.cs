using System.Text.Json;

namespace Wharf.RuntimeTests;

/// <summary>`ps`, `update` and `events --stats` on a running container, as runc has them.</summary>
[Trait("Category", "Kernel")]
public sealed class Observe
{
    public static TheoryData<string> Runtimes => RuntimeUnderTest.All;

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Ps_update_and_stats_see_and_change_the_live_container(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        await c.CreateContainerAsync(c.Spec("/bin/sleep", "300"));
        await c.ExpectSuccessAsync("start", c.Id);
        int pid = (await c.WaitForStatusAsync("running")).Pid;

        using var ps = JsonDocument.Parse((await c.ExpectSuccessAsync("ps", "--format", "json", c.Id)).Stdout);
        Assert.Contains(pid, ps.RootElement.EnumerateArray().Select(e => e.GetInt32()));

        await c.ExpectSuccessAsync("update", "--pids-limit", "7", c.Id);
        var inside = await c.ExpectSuccessAsync("exec", c.Id, "/bin/cat", "/sys/fs/cgroup/pids/pids.max");
        Assert.Equal("7", inside.Stdout.Trim());

        using var stats = JsonDocument.Parse((await c.ExpectSuccessAsync("events", "--stats", c.Id)).Stdout);
        Assert.Equal("stats", stats.RootElement.GetProperty("type").GetString());
        var pids = stats.RootElement.GetProperty("data").GetProperty("pids");
        Assert.True(pids.GetProperty("current").GetUInt64() >= 1, $"{runtime}: {stats.RootElement}");
        Assert.Equal(7UL, pids.GetProperty("limit").GetUInt64());

        await c.DeleteAndAssertNothingLeftAsync();
    }
}
