namespace Wharf.E2E.Tests;

/// <summary>docker version and docker info against wharfd.</summary>
[Collection("wharfd")]
public class SystemCliTests(WharfdFixture fixture)
{
    private WharfdInstance Daemon => fixture.Daemon;

    [DockerCliFact]
    public async Task Version_shows_the_server_block_without_a_downgrade()
    {
        var result = (await Daemon.DockerAsync("version")).Succeeded();
        Assert.Contains("Server: Wharf Engine", result.Stdout);
        Assert.Matches(@"API version:\s+1\.50 \(minimum version 1\.24\)", result.Stdout);
        Assert.Matches(@"OS/Arch:\s+linux/", result.Stdout);
        Assert.DoesNotContain("downgraded", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [DockerCliFact]
    public async Task Version_format_reads_the_server_fields()
    {
        var result = (await Daemon.DockerAsync("version", "--format", "{{.Server.APIVersion}} {{.Server.Os}} {{.Server.MinAPIVersion}}")).Succeeded();
        Assert.Equal("1.50 linux 1.24", result.Stdout.Trim());
    }

    [DockerCliFact]
    public async Task Info_prints_the_host_numbers_without_errors()
    {
        var result = (await Daemon.DockerAsync("info")).Succeeded();
        Assert.Contains($"Docker Root Dir: {Daemon.DataRoot}", result.Stdout);
        Assert.Contains("Storage Driver: overlayfs", result.Stdout);
        Assert.Contains("Swarm: inactive", result.Stdout);
        Assert.Contains($"CPUs: {Environment.ProcessorCount}", result.Stdout);
        Assert.Contains("Profile: builtin", result.Stdout);
        Assert.DoesNotContain("ERROR", result.Stdout + result.Stderr);
        var format = (await Daemon.DockerAsync("info", "--format", "{{.OSType}} {{.Driver}} {{.NCPU}}")).Succeeded();
        Assert.Equal($"linux overlayfs {Environment.ProcessorCount}", format.Stdout.Trim());
    }
}
