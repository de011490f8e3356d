using System.Text.RegularExpressions;

namespace Wharf.E2E.Tests;

/// <summary>
/// Wharf's image commands against wharfd, beside the docker CLI on the same daemon: import,
/// images, history, tag, save, rmi, load, image prune, system prune.
/// </summary>
[Collection("wharfd")]
public class WharfImageTests(WharfdFixture fixture)
{
    private WharfdInstance Daemon => fixture.Daemon;

    /// <summary>wharf import of the busybox rootfs; returns the ID it printed.</summary>
    private async Task<string> ImportAsync(string reference)
    {
        string tar = await Daemon.BusyboxTarAsync();
        var result = (await Daemon.WharfAsync("import", "-c", "CMD [\"sh\"]", "--change", "ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin", "-m", "e2e", tar, reference)).Succeeded();
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", result.Stdout);
        return result.Stdout.Trim();
    }

    [BusyboxFact]
    public async Task Import_images_history_and_tag_match_docker()
    {
        string repo = WharfdFixture.UniqueName("img");
        string id = await ImportAsync($"{repo}:v1");
        try
        {
            (await Daemon.WharfAsync("tag", $"{repo}:v1", $"{repo}:v2")).Succeeded();
            (await Daemon.WharfAsync("image", "tag", $"{repo}:v1", $"localhost:5000/{repo}")).Succeeded();

            string table = await Daemon.SameAsDockerAsync("images", repo);
            Assert.Matches(@"^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\n", table);
            Assert.Contains(id[7..19], table);
            Assert.Equal(3, table.TrimEnd('\n').Split('\n').Length); // v1, v2
            await Daemon.SameAsDockerAsync("image", "ls", "--digests", repo);
            await Daemon.SameAsDockerAsync("images", "-q", "--no-trunc", repo);
            await Daemon.SameAsDockerAsync("images", "--format", "json", repo);
            await Daemon.SameAsDockerAsync("images", "--filter", $"reference={repo}:v2", "--format", "table {{.Repository}}\t{{.Tag}}\t{{.Size}}");

            string history = await Daemon.SameAsDockerAsync("history", $"{repo}:v1");
            Assert.Matches(@"^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT\n", history);
            Assert.Contains("e2e", history);
            await Daemon.SameAsDockerAsync("history", "--no-trunc", "-H=false", $"{repo}:v1");
            await Daemon.SameAsDockerAsync("image", "history", "-q", $"{repo}:v1");

            var badTag = await Daemon.WharfAsync("tag", $"{repo}:v1", "Bad/Name");
            Assert.Equal(1, badTag.ExitCode);
            // "Bad" reads as a registry host (it is not lower case), so the repository is "Name".
            Assert.Equal("Error parsing reference: \"Bad/Name\" is not a valid repository/tag: invalid reference format: repository name (Name) must be lowercase\n", badTag.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rmi", "-f", $"{repo}:v1", $"{repo}:v2", $"localhost:5000/{repo}");
        }
    }

    [BusyboxFact]
    public async Task Load_on_a_terminal_draws_a_bar_per_layer_for_both_clis()
    {
        string repo = WharfdFixture.UniqueName("bar");
        await ImportAsync($"{repo}:v1");
        string archive = Path.Join(Daemon.Root, repo + ".tar");
        try
        {
            (await Daemon.WharfAsync("save", "-o", archive, $"{repo}:v1")).Succeeded();
            foreach (string cli in new[] { TestPaths.WharfCli, TestPaths.DockerCli! })
            {
                (await Daemon.WharfAsync("rmi", $"{repo}:v1")).Succeeded();
                var session = await PtySession.RunAsync(Daemon, "", [], (24, 120), cli, "load", "-i", archive);
                Assert.Equal(0, session.ExitCode);
                // "<12 hex>: Loading layer [=====>   ]  1.2MB/4.5MB", redrawn in place, then the name.
                Assert.Matches(new Regex(@"[0-9a-f]{12}: Loading layer +\[=+>? *\] +[0-9.]+[kMG]?B/[0-9.]+[kMG]?B"), session.Stdout);
                Assert.Contains($"Loaded image: {repo}:v1", session.Stdout);
                Assert.DoesNotContain("Error", session.Stdout);
            }
            // Off a terminal the bars are left out (the client asks for quiet), as docker does.
            var plain = (await Daemon.WharfAsync("load", "-i", archive)).Succeeded();
            Assert.Equal($"Loaded image: {repo}:v1\n", plain.Stdout);
        }
        finally
        {
            await Daemon.DockerAsync("rmi", "-f", $"{repo}:v1");
            File.Delete(archive);
        }
    }

    [BusyboxFact]
    public async Task Save_rmi_load_and_import_from_stdin_round_trip()
    {
        string repo = WharfdFixture.UniqueName("rt");
        string id = await ImportAsync($"{repo}:v1");
        string archive = Path.Join(Daemon.Root, repo + ".tar");
        try
        {
            (await Daemon.WharfAsync("save", "-o", archive, $"{repo}:v1")).Succeeded();
            var entries = (await CommandResult.RunAsync("tar", ["-tf", archive])).Succeeded();
            Assert.Contains("manifest.json\n", entries.Stdout);

            var rmi = (await Daemon.WharfAsync("rmi", $"{repo}:v1")).Succeeded();
            Assert.StartsWith($"Untagged: {repo}:v1\nDeleted: {id}\n", rmi.Stdout);
            var gone = await Daemon.WharfAsync("rmi", $"{repo}:v1");
            Assert.Equal(1, gone.ExitCode);
            Assert.Equal($"Error response from daemon: No such image: {repo}:v1\n", gone.Stderr);
            Assert.Equal(0, (await Daemon.WharfAsync("rmi", "-f", $"{repo}:v1")).ExitCode); // -f: a missing image is only reported

            var load = (await Daemon.WharfAsync("load", "-i", archive)).Succeeded();
            Assert.Equal($"Loaded image: {repo}:v1\n", load.Stdout);
            Assert.Equal($"{id}\n", (await Daemon.WharfAsync("inspect", "-f", "{{.Id}}", $"{repo}:v1")).Succeeded().Stdout);

            // save to a pipe, load from stdin.
            var piped = (await CommandResult.RunAsync("/bin/sh", ["-c", $"'{TestPaths.WharfCli}' save {repo}:v1 | '{TestPaths.WharfCli}' load -q"], Daemon.WharfEnvironment)).Succeeded();
            Assert.Equal($"Loaded image: {repo}:v1\n", piped.Stdout);

            // import - reads the tar from stdin.
            string rootfs = await Daemon.BusyboxTarAsync();
            var imported = (await CommandResult.RunAsync("/bin/sh", ["-c", $"'{TestPaths.WharfCli}' import -m stdin - {repo}:stdin < '{rootfs}'"], Daemon.WharfEnvironment)).Succeeded();
            Assert.Matches("^sha256:[0-9a-f]{64}\n$", imported.Stdout);
            Assert.Equal("stdin\n", (await Daemon.WharfAsync("image", "inspect", "-f", "{{.Comment}}", $"{repo}:stdin")).Succeeded().Stdout);

            var missing = await Daemon.WharfAsync("load", "-i", Path.Join(Daemon.Root, "no-such.tar"));
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("no such file or directory", missing.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rmi", "-f", $"{repo}:v1", $"{repo}:stdin");
            File.Delete(archive);
        }
    }

    [BusyboxFact]
    public async Task Image_prune_removes_dangling_images_after_asking()
    {
        string repo = WharfdFixture.UniqueName("dang");
        string first = await ImportAsync($"{repo}:v1");
        await Task.Delay(1100); // a different Created, so a different image
        string second = await ImportAsync($"{repo}:v1"); // the first one is left without a name
        try
        {
            Assert.NotEqual(first, second);
            var declined = (await Daemon.WharfAsync(["image", "prune"], stdin: "no\n")).Succeeded();
            Assert.Equal("WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ", declined.Stdout);
            Assert.Equal(0, (await Daemon.WharfAsync("image", "inspect", first)).ExitCode);

            var pruned = (await Daemon.WharfAsync("image", "prune", "-f")).Succeeded();
            Assert.Matches(new Regex($@"^Deleted Images:\n(.*\n)*deleted: {first}\n(.*\n)*\nTotal reclaimed space: \d+(\.\d+)?[kMG]?B\n$"), pruned.Stdout);
            Assert.NotEqual(0, (await Daemon.WharfAsync("image", "inspect", first)).ExitCode);
            Assert.Equal(0, (await Daemon.WharfAsync("image", "inspect", second)).ExitCode);

            var nothing = (await Daemon.WharfAsync("image", "prune", "-f")).Succeeded();
            Assert.Equal("Total reclaimed space: 0B\n", nothing.Stdout);
        }
        finally
        {
            await Daemon.DockerAsync("rmi", "-f", $"{repo}:v1");
        }
    }

    [BusyboxFact]
    public async Task System_prune_removes_stopped_containers_then_dangling_images()
    {
        string label = WharfdFixture.UniqueName("sys");
        string image = $"{label}:v1";
        await ImportAsync(image);
        (await Daemon.DockerAsync("run", "--label", $"e2e.sys={label}", "--name", label, image, "true")).Succeeded();
        try
        {
            var declined = (await Daemon.WharfAsync(["system", "prune"], stdin: "\n")).Succeeded();
            Assert.StartsWith("WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all dangling images\n", declined.Stdout);
            Assert.EndsWith("\nAre you sure you want to continue? [y/N] ", declined.Stdout);

            string id = (await Daemon.DockerAsync("inspect", "-f", "{{.Id}}", label)).Succeeded().Stdout.Trim();
            var pruned = (await Daemon.WharfAsync("system", "prune", "-f")).Succeeded();
            Assert.Matches($@"^Deleted Containers:\n([0-9a-f]{{64}}\n)*{id}\n", pruned.Stdout);
            Assert.Matches(@"\nTotal reclaimed space: \d+(\.\d+)?[kMG]?B\n$", pruned.Stdout);
            Assert.NotEqual(0, (await Daemon.DockerAsync("inspect", label)).ExitCode);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", label);
            await Daemon.DockerAsync("rmi", "-f", image);
        }
    }

    [BusyboxFact]
    public async Task The_docker_CLIs_system_prune_also_prunes_networks_volumes_and_build_cache()
    {
        string name = WharfdFixture.UniqueName("dsys");
        string image = await Daemon.BusyboxImageAsync();
        (await Daemon.DockerAsync("run", "--name", name, image, "true")).Succeeded();
        try
        {
            string id = (await Daemon.DockerAsync("inspect", "-f", "{{.Id}}", name)).Succeeded().Stdout.Trim();
            var pruned = (await Daemon.DockerAsync("system", "prune", "-f", "--volumes")).Succeeded();
            Assert.Contains(id, pruned.Stdout);
            Assert.Contains("Total reclaimed space:", pruned.Stdout);
            Assert.NotEqual(0, (await Daemon.DockerAsync("inspect", name)).ExitCode);
            Assert.Equal("", (await Daemon.DockerAsync("network", "prune", "-f")).Succeeded().Stdout);
            var bad = await Daemon.DockerAsync("volume", "prune", "-f", "--filter", "nope=1");
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("invalid filter 'nope'", bad.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }
}
