namespace Wharf.E2E.Tests;

/// <summary>Wharf's own CLI against wharfd: version, info, and a daemon that is not there.</summary>
[Collection("wharfd")]
public class WharfSystemTests(WharfdFixture fixture)
{
    private WharfdInstance Daemon => fixture.Daemon;

    [Fact]
    public async Task Version_shows_client_and_server()
    {
        var result = (await Daemon.WharfAsync("version")).Succeeded();
        Assert.Contains("Server: Wharf Engine", result.Stdout);
        Assert.Matches(@"API version:\s+1\.50 \(minimum version 1\.24\)", result.Stdout);
        var format = (await Daemon.WharfAsync("version", "--format", "{{.Server.APIVersion}} {{.Client.Os}}")).Succeeded();
        Assert.Equal("1.50 linux", format.Stdout.Trim());
    }

    [Fact]
    public async Task Info_reads_the_daemons_root()
    {
        var result = (await Daemon.WharfAsync("info", "--format", "{{.DockerRootDir}} {{.OSType}}")).Succeeded();
        Assert.Equal($"{Daemon.DataRoot} linux", result.Stdout.Trim());
    }

    [Fact]
    public async Task A_missing_daemon_is_reported_clearly()
    {
        string socket = Path.Join(Daemon.Root, "nobody-here.sock");
        var result = await CommandResult.RunAsync(TestPaths.WharfCli, ["-H", $"unix://{socket}", "version", "--format", "{{.Server.Version}}"],
            new Dictionary<string, string> { ["DOCKER_CONFIG"] = Daemon.DockerConfig });
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Cannot connect to the Wharf daemon at unix://{socket}. Is the wharf daemon running?", result.Stderr);
    }
}
