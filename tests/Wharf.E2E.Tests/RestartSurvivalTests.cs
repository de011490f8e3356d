namespace Wharf.E2E.Tests;

/// <summary>
/// kill -9 of wharfd leaves running containers running; the restarted daemon re-attaches to them through
/// their shims (ps, logs, exec, stop work) and learns the exit codes of those that ended meanwhile
/// (and removes the --rm ones among them).
/// </summary>
public class RestartSurvivalTests
{
    [BusyboxFact]
    public async Task Containers_outlive_a_crashed_daemon_and_the_next_one_takes_them_back()
    {
        await using var daemon = await WharfdInstance.StartAsync();
        string tar = await daemon.BusyboxTarAsync();
        (await daemon.DockerAsync("import", "--change", "CMD [\"sh\"]", tar, "busybox")).Succeeded();
        (await daemon.DockerAsync("run", "-d", "--name", "long", "busybox", "sh", "-c", "echo before; sleep 600")).Succeeded();
        (await daemon.DockerAsync("run", "-d", "--name", "short", "busybox", "sh", "-c", "sleep 2; exit 5")).Succeeded();
        (await daemon.DockerAsync("run", "-d", "--name", "again", "--restart", "always", "busybox", "sleep", "600")).Succeeded();
        (await daemon.DockerAsync("run", "-d", "--rm", "--name", "fleeting", "busybox", "sleep", "2")).Succeeded();

        await daemon.CrashAsync();
        await Task.Delay(TimeSpan.FromSeconds(3)); // "short" exits while no daemon runs
        daemon.Launch([]);
        await daemon.WaitReadyAsync(TimeSpan.FromSeconds(30));

        var ps = (await daemon.DockerAsync("ps", "--format", "{{.Names}} {{.Status}}")).Succeeded();
        Assert.Contains("long Up", ps.Stdout);
        Assert.Contains("again Up", ps.Stdout);
        Assert.Equal("exited 5", (await daemon.DockerAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "short")).Succeeded().Stdout.Trim());
        var fleeting = await daemon.DockerAsync("inspect", "fleeting");
        Assert.True(fleeting.ExitCode != 0, fleeting.ToString()); // --rm: exited while no daemon ran, removed on the way back
        Assert.DoesNotContain("fleeting", (await daemon.DockerAsync("ps", "-a", "--format", "{{.Names}}")).Succeeded().Stdout);
        Assert.Equal("before\n", (await daemon.DockerAsync("logs", "long")).Succeeded().Stdout);
        Assert.Equal("still here\n", (await daemon.DockerAsync("exec", "long", "echo", "still here")).Succeeded().Stdout);
        (await daemon.DockerAsync("stop", "-t", "1", "long")).Succeeded();
        Assert.StartsWith("exited", (await daemon.DockerAsync("inspect", "-f", "{{.State.Status}}", "long")).Succeeded().Stdout);
        (await daemon.DockerAsync("rm", "-f", "long", "short", "again")).Succeeded();
    }

    [BusyboxFact]
    public async Task On_failure_restarts_up_to_its_limit()
    {
        await using var daemon = await WharfdInstance.StartAsync();
        string tar = await daemon.BusyboxTarAsync();
        (await daemon.DockerAsync("import", "--change", "CMD [\"sh\"]", tar, "busybox")).Succeeded();
        (await daemon.DockerAsync("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "echo try; exit 1")).Succeeded();
        string state = "";
        for (int i = 0; i < 100; i++)
        {
            state = (await daemon.DockerAsync("inspect", "-f", "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}", "flaky")).Succeeded().Stdout.Trim();
            if (state == "exited 2 1") break;
            await Task.Delay(100);
        }
        Assert.Equal("exited 2 1", state);
        Assert.Equal("try\ntry\ntry\n", (await daemon.DockerAsync("logs", "flaky")).Succeeded().Stdout);
    }
}
