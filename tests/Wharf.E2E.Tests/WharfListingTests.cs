using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wharf.E2E.Tests;

/// <summary>
/// Wharf's listing and inspection commands against wharfd, beside the docker CLI on the same
/// daemon: ps, inspect, logs, top, stats, diff, export, commit, events, container prune.
/// Containers are made with the docker CLI so these tests do not depend on wharf run.
/// </summary>
[Collection("wharfd")]
public class WharfListingTests(WharfdFixture fixture)
{
    private WharfdInstance Daemon => fixture.Daemon;

    private Task<string> BusyboxAsync() => Daemon.BusyboxImageAsync();

    /// <summary>A detached container labelled with <paramref name="label"/> (so listings can be narrowed to this test's).</summary>
    private async Task<string> RunAsync(string label, string name, params string[] command)
    {
        string image = await BusyboxAsync();
        (await Daemon.DockerAsync(["run", "-d", "--label", $"e2e.listing={label}", "--name", name, image, .. command], stdin: null)).Succeeded();
        return name;
    }

    private async Task RemoveAsync(params string[] names)
    {
        foreach (string name in names) await Daemon.DockerAsync("rm", "-f", name);
    }

    /// <summary>Where each column starts in a table's header line.</summary>
    private static List<int> ColumnStarts(string header) =>
        Regex.Matches(header, @"(?<=^|\s{2,})\S").Select(m => m.Index).ToList();

    [BusyboxFact]
    public async Task Ps_s_and_inspect_s_count_what_the_container_wrote()
    {
        string label = WharfdFixture.UniqueName("size");
        string name = await RunAsync(label, label, "sh", "-c", "dd if=/dev/zero of=/grown bs=1024 count=2048 2>/dev/null");
        try
        {
            (await Daemon.DockerAsync("wait", name)).Succeeded();
            long writable = long.Parse((await Daemon.DockerAsync("inspect", "-s", "-f", "{{.SizeRw}}", name)).Succeeded().Stdout.Trim());
            long rootfs = long.Parse((await Daemon.WharfAsync("inspect", "-s", "-f", "{{.SizeRootFs}}", name)).Succeeded().Stdout.Trim());
            Assert.InRange(writable, 2 * 1024 * 1024, 2 * 1024 * 1024 + 64 * 1024); // the 2 MiB file and a directory entry or two
            Assert.True(rootfs > writable, $"{rootfs} should add the image's {rootfs - writable} bytes");

            // The same column through both CLIs: "2.1MB (virtual 3.2MB)".
            string size = await Daemon.SameAsDockerAsync("ps", "-a", "-s", "--filter", $"label=e2e.listing={label}", "--format", "{{.Size}}");
            Assert.Matches(@"^2\.1[0-9]?MB \(virtual [0-9.]+MB\)\n$", size);
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [BusyboxFact]
    public async Task Ps_formats_tables_and_json_like_docker()
    {
        string label = WharfdFixture.UniqueName("ps");
        string web = await RunAsync(label, label + "-web", "sh", "-c", "echo started; exec httpd -f -p 80");
        string done = await RunAsync(label, label + "-done", "sh", "-c", "exit 3");
        try
        {
            (await Daemon.DockerAsync("wait", done)).Succeeded();
            var ps = (await Daemon.WharfAsync("ps", "--filter", $"label=e2e.listing={label}", "--format", "{{.Names}}\t{{.Status}}")).Succeeded();
            Assert.Matches(new Regex($@"^{web}\tUp (Less than a second|\d+ seconds?)\n$"), ps.Stdout);

            string table = await Daemon.SameAsDockerAsync("ps", "-a", "--filter", $"label=e2e.listing={label}");
            string[] lines = table.TrimEnd('\n').Split('\n');
            Assert.Equal(3, lines.Length);
            Assert.Matches(@"^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$", lines[0]);
            Assert.Equal(7, ColumnStarts(lines[0]).Count);
            Assert.Contains("\"sh -c 'echo started…\"", table);
            Assert.Contains("Exited (3)", table);

            await Daemon.SameAsDockerAsync("ps", "-a", "-q", "--no-trunc", "--filter", $"label=e2e.listing={label}");
            await Daemon.SameAsDockerAsync("ps", "-a", "--filter", $"label=e2e.listing={label}", "--format", "table {{.Names}}\t{{.Label \"e2e.listing\"}}\t{{.State}}");
            await Daemon.SameAsDockerAsync("ps", "-a", "-s", "--filter", $"label=e2e.listing={label}", "--format", "{{.Names}} {{.Size}}");

            var json = (await Daemon.WharfAsync("ps", "-a", "--filter", $"label=e2e.listing={label}", "--format", "json")).Succeeded();
            var rows = json.Stdout.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement).ToList();
            Assert.Equal([done, web], rows.Select(r => r.GetProperty("Names").GetString()!).Order());
            Assert.Contains(rows, r => r.GetProperty("State").GetString() == "exited");
            Assert.All(rows, r => Assert.Equal(12, r.GetProperty("ID").GetString()!.Length));

            var bad = await Daemon.WharfAsync("ps", "--format", "{{.Nope}}");
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("can't evaluate field Nope in type *formatter.ContainerContext", bad.Stderr);
        }
        finally
        {
            await RemoveAsync(web, done);
        }
    }

    [BusyboxFact]
    public async Task Inspect_prints_the_daemons_json_and_runs_templates()
    {
        string label = WharfdFixture.UniqueName("insp");
        string name = await RunAsync(label, label, "sh", "-c", "exit 4");
        try
        {
            (await Daemon.DockerAsync("wait", name)).Succeeded();
            Assert.Equal("4\n", (await Daemon.WharfAsync("inspect", "-f", "{{.State.ExitCode}}", name)).Succeeded().Stdout);
            Assert.Equal("exited 4\n", (await Daemon.WharfAsync("container", "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name)).Succeeded().Stdout);
            string config = (await Daemon.WharfAsync("inspect", "-f", "{{json .Config}}", name)).Succeeded().Stdout;
            using (var doc = JsonDocument.Parse(config))
                Assert.Equal(label, doc.RootElement.GetProperty("Labels").GetProperty("e2e.listing").GetString());
            Assert.Equal("sh|-c|exit 4|\n", (await Daemon.WharfAsync("inspect", "-f", "{{range .Config.Cmd}}{{.}}|{{end}}", name)).Succeeded().Stdout);
            Assert.Equal($"{label}\n", (await Daemon.WharfAsync("inspect", "-f", "{{index .Config.Labels \"e2e.listing\"}}", name)).Succeeded().Stdout);

            // The whole document, indented like docker's (4 spaces) and byte for byte the same.
            string whole = await Daemon.SameAsDockerAsync("inspect", name);
            Assert.StartsWith("[\n    {\n        \"Id\": ", whole);
            await Daemon.SameAsDockerAsync("inspect", await BusyboxAsync());
            await Daemon.SameAsDockerAsync("image", "inspect", "--format", "{{.Os}} {{.Config.Cmd}}", await BusyboxAsync());
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [BusyboxFact]
    public async Task Inspect_templates_refuse_unknown_fields_and_give_typed_zeros_like_docker()
    {
        string label = WharfdFixture.UniqueName("tmpl");
        string name = await RunAsync(label, label, "sh", "-c", "exit 4");
        try
        {
            (await Daemon.DockerAsync("wait", name)).Succeeded();
            string[] templates =
            [
                "{{.State.Nope}}", "{{.Nope.Deeper}}", "{{.HostConfig.Nope}}", "{{.State.status}}", "{{.id}}", "{{range .Nope}}x{{end}}",
                "{{.State.Health}}", "{{.State.Health.Status}}", "{{.Config.StopTimeout}}", "{{.Config.ExposedPorts}}", "{{json .Config.Healthcheck}}",
                "{{.SizeRw}}", "{{.Config.Labels.nope}}", "{{index .Config.Labels \"nope\"}}", "{{.NetworkSettings.Networks.nope.IPAddress}}",
                "{{.Id}}", "{{.ID}}", "{{with .State.Health}}x{{else}}none{{end}}",
            ];
            foreach (string template in templates)
                await Daemon.SameAsDockerWithErrorsAsync("inspect", "-f", template, name);
            string image = await BusyboxAsync();
            foreach (string template in new[] { "{{.Config.Nope}}", "{{.Container}}|{{.Parent}}", "{{.Metadata.Nope}}", "{{.GraphDriver.Data.nope}}" })
                await Daemon.SameAsDockerWithErrorsAsync("image", "inspect", "-f", template, image);
            foreach (string template in new[] { "{{.Nope}}", "{{.Server.Nope}}", "{{.Client.Nope}}", "{{.Server.Platform.Name}}" })
                await Daemon.SameAsDockerWithErrorsAsync("version", "-f", template);
            foreach (string template in new[] { "{{.Plugins.Nope}}", "{{.Containers}}", "{{.Runtimes.nope}}" })
                await Daemon.SameAsDockerWithErrorsAsync("info", "-f", template);
            var info = await Daemon.WharfAsync("info", "-f", "{{.Nope}}");
            Assert.Equal((1, "template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type system.dockerInfo\n"), (info.ExitCode, info.Stderr));
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [BusyboxFact]
    public async Task Inspect_errors_use_dockers_words()
    {
        var any = await Daemon.WharfAsync("inspect", "e2e-no-such-thing");
        Assert.Equal(1, any.ExitCode);
        Assert.Equal("[]\n", any.Stdout);
        Assert.Equal("Error: No such object: e2e-no-such-thing\n", any.Stderr);

        var container = await Daemon.WharfAsync("container", "inspect", "e2e-no-such-thing");
        Assert.Equal(1, container.ExitCode);
        Assert.Equal("Error response from daemon: No such container: e2e-no-such-thing\n", container.Stderr);

        var image = await Daemon.WharfAsync("image", "inspect", "-f", "{{.Id}}", "e2e-no-such-thing");
        Assert.Equal(1, image.ExitCode);
        Assert.Equal("\n", image.Stdout);
        Assert.Equal("Error response from daemon: No such image: e2e-no-such-thing:latest\n", image.Stderr);

        var template = await Daemon.WharfAsync("inspect", "-f", "{{.Id", await BusyboxAsync());
        Assert.Equal(64, template.ExitCode);
        Assert.StartsWith("template parsing error: ", template.Stderr);

        var logs = await Daemon.WharfAsync("logs", "e2e-no-such-thing");
        Assert.Equal(1, logs.ExitCode);
        Assert.Equal("Error response from daemon: No such container: e2e-no-such-thing\n", logs.Stderr);
    }

    [BusyboxFact]
    public async Task Logs_split_streams_follow_tail_and_timestamps()
    {
        string label = WharfdFixture.UniqueName("logs");
        string name = await RunAsync(label, label, "sh", "-c", "echo one; echo two >&2; sleep 1; echo three");
        try
        {
            // -f follows until the container exits.
            var follow = (await Daemon.WharfAsync("logs", "-f", name)).Succeeded();
            Assert.Equal("one\nthree\n", follow.Stdout);
            Assert.Equal("two\n", follow.Stderr);

            Assert.Equal("three\n", (await Daemon.WharfAsync("logs", "--tail", "1", name)).Succeeded().Stdout);
            var stamped = (await Daemon.WharfAsync("logs", "-t", name)).Succeeded();
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z one\n\d{4}-\d\d-\d\dT[^ ]+Z three\n$", stamped.Stdout);
            await Daemon.SameAsDockerAsync("logs", "--since", "10m", name);
            Assert.Equal("", (await Daemon.WharfAsync("logs", "--until", "1h", name)).Succeeded().Stdout); // nothing is an hour old
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [BusyboxFact]
    public async Task Logs_of_a_tty_container_are_one_raw_stream()
    {
        string label = WharfdFixture.UniqueName("tty");
        string image = await BusyboxAsync();
        (await Daemon.DockerAsync("run", "-d", "-t", "--name", label, image, "sh", "-c", "echo out; echo err >&2")).Succeeded();
        try
        {
            (await Daemon.DockerAsync("wait", label)).Succeeded();
            var logs = (await Daemon.WharfAsync("logs", label)).Succeeded();
            Assert.Equal("out\r\nerr\r\n", logs.Stdout);
            Assert.Equal("", logs.Stderr);
        }
        finally
        {
            await RemoveAsync(label);
        }
    }

    [BusyboxFact]
    public async Task Top_stats_and_diff_of_a_running_container()
    {
        string label = WharfdFixture.UniqueName("top");
        string name = await RunAsync(label, label, "sh", "-c", "echo x > /tmp/made; rm /etc/group; exec sleep 300");
        try
        {
            var top = (await Daemon.WharfAsync("top", name)).Succeeded();
            string[] lines = top.Stdout.TrimEnd('\n').Split('\n');
            Assert.Matches(@"^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$", lines[0]);
            Assert.Contains("sleep 300", top.Stdout);
            Assert.Equal(ColumnStarts((await Daemon.DockerAsync("top", name)).Stdout.Split('\n')[0]), ColumnStarts(lines[0]));
            Assert.Contains("sleep 300", (await Daemon.WharfAsync("top", name, "-o", "pid,args")).Succeeded().Stdout);

            var stats = (await Daemon.WharfAsync("stats", "--no-stream", name)).Succeeded();
            string[] rows = stats.Stdout.TrimEnd('\n').Split('\n');
            var dockerStats = (await Daemon.DockerAsync("stats", "--no-stream", name)).Succeeded();
            Assert.Equal(ColumnStarts(dockerStats.Stdout.Split('\n')[0]), ColumnStarts(rows[0]));
            Assert.Matches(@"^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE / LIMIT\s+MEM %\s+NET I/O\s+BLOCK I/O\s+PIDS$", rows[0]);
            Assert.Matches($@"^[0-9a-f]{{12}}\s+{name}\s+\d+\.\d\d%\s+[\d.]+[KMG]?i?B / [\d.]+[KMGT]?i?B\s+\d+\.\d\d%\s+.+\s+1$", rows[1]);
            Assert.Equal($"{name} 1\n", (await Daemon.WharfAsync("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", name)).Succeeded().Stdout);
            var missing = await Daemon.WharfAsync("stats", "--no-stream", "e2e-no-such-thing");
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("No such container: e2e-no-such-thing", missing.Stderr);

            string diff = await Daemon.SameAsDockerAsync("diff", name);
            Assert.Contains("A /tmp/made\n", diff);
            Assert.Contains("D /etc/group\n", diff);
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [BusyboxFact]
    public async Task Export_and_commit_a_container()
    {
        string label = WharfdFixture.UniqueName("exp");
        string name = await RunAsync(label, label, "sh", "-c", "echo hello > /greeting");
        string tar = Path.Join(Daemon.Root, label + ".tar");
        string image = $"{label}:committed";
        try
        {
            (await Daemon.DockerAsync("wait", name)).Succeeded();
            (await Daemon.WharfAsync("export", "-o", tar, name)).Succeeded();
            var listing = (await CommandResult.RunAsync("tar", ["-tf", tar])).Succeeded();
            Assert.Contains("greeting\n", listing.Stdout);
            Assert.Contains("bin/busybox\n", listing.Stdout);

            // To a pipe: the same tar.
            var piped = (await CommandResult.RunAsync("/bin/sh", ["-c", $"'{TestPaths.WharfCli}' export {name} | tar -t | grep -c ."], Daemon.WharfEnvironment)).Succeeded();
            Assert.Equal(listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ToString() + "\n", piped.Stdout);

            var commit = (await Daemon.WharfAsync("commit", "-m", "from e2e", "-a", "tester", "-c", "ENV GREETING=1", name, image)).Succeeded();
            Assert.Matches("^sha256:[0-9a-f]{64}\n$", commit.Stdout);
            var images = (await Daemon.WharfAsync("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}", label)).Succeeded();
            Assert.Equal($"{image} {commit.Stdout[7..19]}\n", images.Stdout);
            Assert.Equal("from e2e tester\n", (await Daemon.WharfAsync("image", "inspect", "-f", "{{.Comment}} {{.Author}}", image)).Succeeded().Stdout);
        }
        finally
        {
            await RemoveAsync(name);
            await Daemon.DockerAsync("rmi", image);
            File.Delete(tar);
        }
    }

    [BusyboxFact]
    public async Task Events_between_since_and_until()
    {
        string label = WharfdFixture.UniqueName("ev");
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        string name = await RunAsync(label, label, "true");
        try
        {
            (await Daemon.DockerAsync("wait", name)).Succeeded();
            string until = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1).ToString();
            var events = (await Daemon.WharfAsync("events", "--since", since.ToString(), "--until", until,
                "--filter", $"container={name}", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}")).Succeeded();
            Assert.Contains($"container create {name}\n", events.Stdout);
            Assert.Contains($"container die {name}\n", events.Stdout);

            string pretty = await Daemon.SameAsDockerAsync("events", "--since", since.ToString(), "--until", until, "--filter", $"container={name}");
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z container create [0-9a-f]{64} \(", pretty);

            // Attributes in Go's map order (sorted), as docker prints them from its struct.
            await Daemon.SameAsDockerAsync("events", "--since", since.ToString(), "--until", until, "--filter", $"container={name}", "--format", "json");
            await Daemon.SameAsDockerAsync("events", "--since", since.ToString(), "--until", until, "--filter", $"container={name}", "--format", "{{.Status}}|{{.ID}}|{{.Action}}|{{.Actor.Attributes.exitCode}}");
            var json = (await Daemon.WharfAsync("events", "--since", "1m", "--until", until, "--filter", $"container={name}", "--format", "json")).Succeeded();
            foreach (string line in json.Stdout.TrimEnd('\n').Split('\n'))
                Assert.Equal("container", JsonDocument.Parse(line).RootElement.GetProperty("Type").GetString());

            var bad = await Daemon.WharfAsync("events", "--format", "{{.Nope}}");
            Assert.Equal(64, bad.ExitCode);
            Assert.Contains("can't evaluate field Nope in type *events.Message", bad.Stderr);
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [BusyboxFact]
    public async Task Container_prune_asks_first_and_removes_stopped_containers()
    {
        string label = WharfdFixture.UniqueName("prune");
        string stopped = await RunAsync(label, label + "-stopped", "true");
        string running = await RunAsync(label, label + "-running", "sleep", "300");
        try
        {
            (await Daemon.DockerAsync("wait", stopped)).Succeeded();
            var declined = (await Daemon.WharfAsync(["container", "prune", "--filter", $"label=e2e.listing={label}"], stdin: "n\n")).Succeeded();
            Assert.Equal("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ", declined.Stdout);
            Assert.Equal(0, (await Daemon.DockerAsync("inspect", stopped)).ExitCode);

            string id = (await Daemon.DockerAsync("inspect", "-f", "{{.Id}}", stopped)).Succeeded().Stdout.Trim();
            var pruned = (await Daemon.WharfAsync(["container", "prune", "--filter", $"label=e2e.listing={label}"], stdin: "y\n")).Succeeded();
            Assert.Matches($@"\[y/N\] Deleted Containers:\n{id}\n\nTotal reclaimed space: \d", pruned.Stdout);
            Assert.NotEqual(0, (await Daemon.DockerAsync("inspect", stopped)).ExitCode);
            Assert.Equal(0, (await Daemon.DockerAsync("inspect", running)).ExitCode);
        }
        finally
        {
            await RemoveAsync(stopped, running);
        }
    }
}
