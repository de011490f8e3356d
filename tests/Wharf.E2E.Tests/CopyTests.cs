namespace Wharf.E2E.Tests;

/// <summary>
/// `cp` between containers and the local filesystem, through the real docker CLI and through wharf's
/// own: files and directories both ways, running and stopped containers, tar streams on stdin/stdout,
/// symlinks resolved inside the container, and docker's errors.
/// </summary>
[Collection("wharfd")]
public sealed class CopyTests(WharfdFixture fixture) : IDisposable
{
    private readonly string _local = Directory.CreateTempSubdirectory("wharf-cp-").FullName;

    private WharfdInstance Daemon => fixture.Daemon;

    public void Dispose() => Directory.Delete(_local, recursive: true);

    private Task<string> BusyboxAsync() => Daemon.BusyboxImageAsync();

    /// <summary>The CLI under test: "docker" or "wharf".</summary>
    private Task<CommandResult> Cli(string cli, params string[] args) =>
        cli == "docker" ? Daemon.DockerAsync(args) : Daemon.WharfAsync(args);

    /// <summary>A shell pipeline with $CLI set to the CLI under test and its environment.</summary>
    private Task<CommandResult> Shell(string cli, string script)
    {
        var environment = new Dictionary<string, string>(cli == "docker" ? Daemon.DockerEnvironment : Daemon.WharfEnvironment)
        {
            ["CLI"] = cli == "docker" ? TestPaths.DockerCli! : TestPaths.WharfCli,
        };
        return CommandResult.RunAsync("/bin/sh", ["-c", script], environment);
    }

    private string Local(string path) => Path.Join(_local, path);

    private async Task<string> ExecAsync(string container, string script) =>
        (await Daemon.DockerAsync("exec", container, "sh", "-c", script)).Succeeded().Stdout;

    [BusyboxFact] public Task Docker_copies_out_of_a_running_container() => Out_of_a_running_container("docker");
    [BusyboxFact] public Task Wharf_copies_out_of_a_running_container() => Out_of_a_running_container("wharf");

    private async Task Out_of_a_running_container(string cli)
    {
        string name = WharfdFixture.UniqueName("cpo");
        (await Daemon.DockerAsync("run", "-d", "--name", name, await BusyboxAsync(), "sh", "-c",
            "mkdir -p /data/sub && echo one > /data/one && echo two > /data/sub/two && exec sleep 300")).Succeeded();
        try
        {
            // A file into an existing directory keeps its name; onto a new name takes that name.
            (await Cli(cli, "cp", $"{name}:/data/one", _local)).Succeeded();
            Assert.Equal("one\n", File.ReadAllText(Local("one")));
            (await Cli(cli, "cp", $"{name}:/data/one", Local("renamed"))).Succeeded();
            Assert.Equal("one\n", File.ReadAllText(Local("renamed")));

            // A directory: to a new name it becomes that directory; into an existing one it goes inside; "/." copies the contents.
            (await Cli(cli, "cp", $"{name}:/data", Local("copy"))).Succeeded();
            Assert.Equal("two\n", File.ReadAllText(Local("copy/sub/two")));
            (await Cli(cli, "cp", $"{name}:/data", Local("copy"))).Succeeded();
            Assert.Equal("one\n", File.ReadAllText(Local("copy/data/one")));
            Directory.CreateDirectory(Local("contents"));
            (await Cli(cli, "cp", $"{name}:/data/.", Local("contents"))).Succeeded();
            Assert.Equal("two\n", File.ReadAllText(Local("contents/sub/two")));

            // The daemon's /etc/hostname is the container's, not the image's placeholder.
            (await Cli(cli, "cp", $"{name}:/etc/hostname", Local("hostname"))).Succeeded();
            string id = (await Daemon.DockerAsync("inspect", "-f", "{{.Id}}", name)).Succeeded().Stdout.Trim();
            Assert.Equal(id[..12], File.ReadAllText(Local("hostname")).Trim());

            // "-": a tar on stdout, rooted at the base name.
            var tar = (await Shell(cli, $"\"$CLI\" cp {name}:/data - | tar -tf -")).Succeeded();
            Assert.Equal(["data/", "data/one", "data/sub/", "data/sub/two"], tar.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            var missing = await Cli(cli, "cp", $"{name}:/nope", _local);
            Assert.Equal(1, missing.ExitCode);
            Assert.Equal($"Error response from daemon: Could not find the file /nope in container {name}\n", missing.Stderr);
            Assert.False(File.Exists(Local("nope")));
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact] public Task Docker_copies_into_a_stopped_container_that_then_sees_the_files() => Into_a_stopped_container("docker");
    [BusyboxFact] public Task Wharf_copies_into_a_stopped_container_that_then_sees_the_files() => Into_a_stopped_container("wharf");

    private async Task Into_a_stopped_container(string cli)
    {
        string name = WharfdFixture.UniqueName("cpi");
        (await Daemon.DockerAsync("create", "--name", name, await BusyboxAsync(), "sh", "-c",
            "cat /tmp/file.txt /tmp/tree/inner/deep.txt /tmp/renamed.txt /tmp/stream/s.txt; ls -ln /tmp/file.txt")).Succeeded();
        try
        {
            File.WriteAllText(Local("file.txt"), "file\n");
            File.SetUnixFileMode(Local("file.txt"), (UnixFileMode)0b111_101_000);
            Directory.CreateDirectory(Local("tree/inner"));
            File.WriteAllText(Local("tree/inner/deep.txt"), "deep\n");
            Directory.CreateDirectory(Local("stream"));
            File.WriteAllText(Local("stream/s.txt"), "streamed\n");

            (await Cli(cli, "cp", Local("file.txt"), $"{name}:/tmp/")).Succeeded();
            (await Cli(cli, "cp", Local("file.txt"), $"{name}:/tmp/renamed.txt")).Succeeded();
            (await Cli(cli, "cp", Local("tree"), $"{name}:/tmp/tree")).Succeeded();
            (await Cli(cli, "cp", $"{name}:/tmp", Local("back"))).Succeeded(); // out of the stopped container too
            Assert.Equal("deep\n", File.ReadAllText(Local("back/tree/inner/deep.txt")));
            // A tar on stdin into an existing directory (busybox has /tmp).
            (await Shell(cli, $"tar -C {Local("")} -cf - stream | \"$CLI\" cp - {name}:/tmp/")).Succeeded();

            (await Daemon.DockerAsync("start", name)).Succeeded();
            Assert.Equal("0\n", (await Daemon.DockerAsync("wait", name)).Succeeded().Stdout);
            var run = (await Daemon.DockerAsync("logs", name)).Succeeded();
            Assert.StartsWith("file\ndeep\nfile\nstreamed\n", run.Stdout);
            Assert.Contains("-rwxr-x---", run.Stdout); // the mode came along
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact] public Task Docker_copies_tar_streams_both_ways() => Tar_streams("docker");
    [BusyboxFact] public Task Wharf_copies_tar_streams_both_ways() => Tar_streams("wharf");

    private async Task Tar_streams(string cli)
    {
        string name = WharfdFixture.UniqueName("cps");
        (await Daemon.DockerAsync("run", "-d", "--name", name, await BusyboxAsync(), "sleep", "300")).Succeeded();
        try
        {
            Directory.CreateDirectory(Local("in/d"));
            File.WriteAllText(Local("in/d/x"), "x\n");
            (await Shell(cli, $"tar -C {Local("in")} -cf - d | gzip | \"$CLI\" cp - {name}:/tmp")).Succeeded();
            Assert.Equal("x\n", await ExecAsync(name, "cat /tmp/d/x"));
            (await Shell(cli, $"\"$CLI\" cp {name}:/tmp/d - | tar -C {_local} -xf - && cat {Local("d/x")}")).Succeeded();
            Assert.Equal("x\n", File.ReadAllText(Local("d/x")));

            var notDirectory = await Shell(cli, $"tar -C {Local("in")} -cf - d | \"$CLI\" cp - {name}:/etc/passwd");
            Assert.Equal(1, notDirectory.ExitCode);
            Assert.Equal($"destination \"{name}:/etc/passwd\" must be a directory\n", notDirectory.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact] public Task Docker_resolves_symlinks_inside_the_container() => Symlinks_stay_inside("docker");
    [BusyboxFact] public Task Wharf_resolves_symlinks_inside_the_container() => Symlinks_stay_inside("wharf");

    private async Task Symlinks_stay_inside(string cli)
    {
        string name = WharfdFixture.UniqueName("cpl");
        (await Daemon.DockerAsync("run", "-d", "--name", name, await BusyboxAsync(), "sh", "-c",
            "echo container-marker > /etc/marker && ln -s /etc /hostetc && ln -s etc/marker /relative && ln -s ../../../../../../etc/marker /climb && exec sleep 300")).Succeeded();
        string hostMarker = "/etc/marker";
        Assert.False(File.Exists(hostMarker), "the host has an /etc/marker; the test cannot tell it apart");
        try
        {
            await WaitForAsync(name, "/climb");
            // Out: both links lead to the container's file, never the host's /etc.
            (await Cli(cli, "cp", $"{name}:/hostetc/marker", Local("m1"))).Succeeded();
            Assert.Equal("container-marker\n", File.ReadAllText(Local("m1")));
            (await Cli(cli, "cp", "-L", $"{name}:/climb", Local("m2"))).Succeeded();
            Assert.Equal("container-marker\n", File.ReadAllText(Local("m2")));
            // Without -L the link itself comes out; one that climbs out of the destination is refused, as docker's client does.
            (await Cli(cli, "cp", $"{name}:/relative", Local("m3"))).Succeeded();
            Assert.Equal("etc/marker", new FileInfo(Local("m3")).LinkTarget);
            var climbing = await Cli(cli, "cp", $"{name}:/climb", Local("m4"));
            Assert.Equal(1, climbing.ExitCode);
            Assert.Equal($"invalid symlink \"{Local("m4")}\" -> \"../../../../../../etc/marker\"\n", climbing.Stderr);
            Assert.False(Path.Exists(Local("m4")));

            // In: through the link into the container's /etc; the host's /etc is untouched.
            File.WriteAllText(Local("planted"), "planted\n");
            (await Cli(cli, "cp", Local("planted"), $"{name}:/hostetc/")).Succeeded();
            Assert.Equal("planted\n", await ExecAsync(name, "cat /etc/planted"));
            Assert.False(File.Exists("/etc/planted"));

            var notDirectory = await Cli(cli, "cp", Local("planted"), $"{name}:/etc/marker/x");
            Assert.Equal(1, notDirectory.ExitCode);
            Assert.Contains("extraction point is not a directory", notDirectory.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task A_read_only_rootfs_is_refused_and_the_stat_header_is_dockers()
    {
        string name = WharfdFixture.UniqueName("cpr");
        (await Daemon.DockerAsync("create", "--read-only", "--name", name, await BusyboxAsync(), "true")).Succeeded();
        try
        {
            File.WriteAllText(Local("f"), "f");
            var refused = await Daemon.DockerAsync("cp", Local("f"), $"{name}:/tmp/");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("Error response from daemon: container rootfs is marked read-only", refused.Stderr);

            var head = await Daemon.Http.RawAsync($"HEAD /containers/{name}/archive?path=/bin/sh HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Assert.Equal(200, head.Status);
            string json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(head.Headers["X-Docker-Container-Path-Stat"]));
            // Go's os.FileMode: ModeSymlink (1<<27) | 0777; the target resolved in the container.
            Assert.Matches("^\\{\"name\":\"sh\",\"size\":\\d+,\"mode\":134218239,\"mtime\":\"[^\"]+\",\"linkTarget\":\"/bin/busybox\"\\}$", json);
            var empty = await Daemon.Http.RawAsync($"GET /containers/{name}/archive HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Assert.Equal(400, empty.Status);
            Assert.Contains("bad parameter: path cannot be empty", empty.Body);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task Wharf_reports_dockers_usage_errors()
    {
        Assert.Equal("must specify at least one container source\n", (await Daemon.WharfAsync("cp", Local("a"), Local("b"))).Stderr);
        Assert.Equal("copying between containers is not supported\n", (await Daemon.WharfAsync("cp", "a:/x", "b:/y")).Stderr);
        var usage = await Daemon.WharfAsync("cp", "a:/x");
        Assert.Equal(1, usage.ExitCode);
        Assert.Contains("'wharf cp' requires 2 arguments", usage.Stderr);
    }

    private async Task WaitForAsync(string container, string path)
    {
        for (int i = 0; i < 100; i++)
        {
            if ((await Daemon.DockerAsync("exec", container, "test", "-L", path)).ExitCode == 0) return;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{path} did not appear in {container}");
    }
}
