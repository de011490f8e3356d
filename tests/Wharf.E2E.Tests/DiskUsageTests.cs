using System.Text.RegularExpressions;

namespace Wharf.E2E.Tests;

/// <summary>`docker system df` against a private wharfd (its counts must not see other tests' images and containers).</summary>
public class DiskUsageTests
{
    [BusyboxFact]
    public async Task System_df_counts_images_containers_and_what_is_reclaimable()
    {
        await using var daemon = await WharfdInstance.StartAsync();
        string image = await daemon.BusyboxImageAsync();
        (await daemon.DockerAsync("tag", image, "df-second:latest")).Succeeded(); // one image, two names
        (await daemon.DockerAsync("run", "--name", "df-grown", image, "sh", "-c", "dd if=/dev/zero of=/grown bs=1024 count=1024 2>/dev/null")).Succeeded();
        (await daemon.DockerAsync("create", "--name", "df-idle", image, "true")).Succeeded();
        long imageSize = long.Parse((await daemon.DockerAsync("image", "inspect", "-f", "{{.Size}}", image)).Succeeded().Stdout.Trim());

        var table = (await daemon.DockerAsync("system", "df")).Succeeded().Stdout.Split('\n');
        Assert.Matches(@"^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE$", table[0]);
        // The image is used by both (stopped) containers: nothing of it is reclaimable.
        Assert.Matches(new Regex(@"^Images\s+1\s+1\s+\S+\s+0B \(0%\)$"), table[1]);
        // Neither container runs: all they wrote (the 1 MiB file) could go.
        Assert.Matches(new Regex(@"^Containers\s+2\s+0\s+1\.0[45]\d*MB\s+1\.0[45]\d*MB \(100%\)$"), table[2]);
        Assert.Matches(new Regex(@"^Local Volumes\s+0\s+0\s+0B\s+0B$"), table[3]);
        Assert.Matches(new Regex(@"^Build Cache\s+0\s+0\s+0B\s+0B$"), table[4]);

        var verbose = (await daemon.DockerAsync("system", "df", "-v")).Succeeded().Stdout;
        Assert.Contains("df-grown", verbose);
        Assert.Contains("df-second", verbose);

        var images = (await daemon.DockerAsync("system", "df", "--format", "{{json .}}")).Succeeded().Stdout.Split('\n')[0];
        Assert.Contains("\"Type\":\"Images\"", images);
        Assert.True(imageSize > 0);

        var bad = await daemon.DockerAsync("system", "df", "--format", "{{.Nope}}");
        Assert.NotEqual(0, bad.ExitCode);

        (await daemon.DockerAsync("rm", "-f", "df-grown", "df-idle")).Succeeded();
    }
}
