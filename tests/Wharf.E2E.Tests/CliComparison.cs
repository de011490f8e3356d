namespace Wharf.E2E.Tests;

/// <summary>Helpers for tests that run Wharf's CLI beside the docker CLI on the same daemon.</summary>
public static class CliComparison
{
    /// <summary>
    /// Runs the same command through both CLIs until they print the same and exit alike (times
    /// like "2 seconds ago" can differ when the two runs straddle a second); returns wharf's output.
    /// </summary>
    public static async Task<string> SameAsDockerAsync(this WharfdInstance daemon, params string[] args)
    {
        CommandResult wharf = default!, docker = default!;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            wharf = await daemon.WharfAsync(args);
            docker = await daemon.DockerAsync(args);
            if (wharf.Stdout == docker.Stdout && wharf.ExitCode == docker.ExitCode) return wharf.Stdout;
        }
        Assert.Equal(docker.Stdout, wharf.Stdout);
        Assert.Equal(docker.ExitCode, wharf.ExitCode);
        return wharf.Stdout;
    }

    /// <summary>
    /// Runs a command that is not timing-dependent through both CLIs and asserts the same stdout,
    /// stderr (the program's name aside) and exit code.
    /// </summary>
    public static async Task SameAsDockerWithErrorsAsync(this WharfdInstance daemon, params string[] args)
    {
        CommandResult wharf = await daemon.WharfAsync(args);
        CommandResult docker = await daemon.DockerAsync(args);
        string command = string.Join(' ', args);
        Assert.True(docker.Stdout == wharf.Stdout, $"{command}: stdout\n docker: {docker.Stdout}\n wharf:  {wharf.Stdout}");
        Assert.True(docker.Stderr.Replace("docker", "wharf") == wharf.Stderr, $"{command}: stderr\n docker: {docker.Stderr}\n wharf:  {wharf.Stderr}");
        Assert.True(docker.ExitCode == wharf.ExitCode, $"{command}: exit code docker {docker.ExitCode}, wharf {wharf.ExitCode}");
    }
}
