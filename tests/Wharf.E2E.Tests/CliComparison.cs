namespace Wharf.E2E.Tests;

/// <summary>Helpers for tests that run Wharf's CLI beside the docker CLI on the same daemon.</summary>
public static class CliComparison
{
    /// <summary>The busybox image, imported once per daemon (with the docker CLI) as e2e-busybox:latest.</summary>
    public static async Task<string> BusyboxImageAsync(this WharfdInstance daemon)
    {
        const string name = "e2e-busybox:latest";
        if ((await daemon.DockerAsync("image", "inspect", name)).ExitCode == 0) return name;
        string tar = await daemon.BusyboxTarAsync();
        (await daemon.DockerAsync("import", "--change", "CMD [\"sh\"]", "--change", "ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin", tar, name)).Succeeded();
        return name;
    }

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
