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
}
