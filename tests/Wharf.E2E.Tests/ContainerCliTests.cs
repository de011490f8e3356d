using System.Text.RegularExpressions;

namespace Wharf.E2E.Tests;

/// <summary>The container flows of the real docker CLI against wharfd: run (attached, -it, -d), exec, ps, logs, stop, rm, commit, wait, errors.</summary>
[Collection("wharfd")]
public class ContainerCliTests(WharfdFixture fixture)
{
    private WharfdInstance Daemon => fixture.Daemon;

    private Task<string> BusyboxAsync() => Daemon.BusyboxImageAsync();

    [BusyboxFact]
    public async Task Run_attached_splits_stdout_and_stderr_and_returns_the_exit_code()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("att");
        var run = await Daemon.DockerAsync("run", "--rm", "--name", name, image, "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("out\n", run.Stdout);
        Assert.Equal("err\n", run.Stderr);
        var all = (await Daemon.DockerAsync("ps", "-a", "--format", "{{.Names}}")).Succeeded();
        Assert.DoesNotContain(name, all.Stdout); // --rm removed it
    }

    [BusyboxFact]
    public async Task Run_it_on_a_terminal_runs_an_interactive_shell()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("con");
        var session = await PtySession.RunAsync(Daemon, "# ", ["hostname; tty", "exit 3"], TestPaths.DockerCli!, "run", "-it", "--name", name, image, "sh");
        Assert.Equal(3, session.ExitCode);
        string id = (await Daemon.DockerAsync("inspect", "-f", "{{.Id}}", name)).Succeeded().Stdout.Trim();
        Assert.Contains(id[..12], session.Stdout); // the hostname is the short id
        Assert.Contains("/dev/pts/0", session.Stdout);
        Assert.Equal("exited 3", (await Daemon.DockerAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name)).Succeeded().Stdout.Trim());
        (await Daemon.DockerAsync("rm", name)).Succeeded();
    }

    [BusyboxFact]
    public async Task A_detached_server_serves_exec_ps_logs_stop_and_rm()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("web");
        string id = (await Daemon.DockerAsync("run", "-d", "--name", name, image, "sh", "-c", "echo started; exec httpd -f -p 80")).Succeeded().Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        try
        {
            var ps = (await Daemon.DockerAsync("ps", "--format", "{{.Names}}\t{{.Status}}\t{{.Command}}")).Succeeded();
            Assert.Matches(new Regex($@"^{name}\tUp (Less than a second|\d+ seconds?)\t""sh -c 'echo started", RegexOptions.Multiline), ps.Stdout);

            var exec = (await Daemon.DockerAsync("exec", name, "ps")).Succeeded();
            Assert.Contains("httpd -f -p 80", exec.Stdout);
            Assert.Equal(7, (await Daemon.DockerAsync("exec", name, "sh", "-c", "exit 7")).ExitCode);
            Assert.Equal("from stdin", (await Daemon.DockerAsync(["exec", "-i", name, "cat"], stdin: "from stdin")).Succeeded().Stdout);

            var tty = await PtySession.RunAsync(Daemon, "# ", ["echo in-exec-$((6*7))", "exit"], TestPaths.DockerCli!, "exec", "-it", name, "sh");
            Assert.Equal(0, tty.ExitCode);
            Assert.Contains("in-exec-42", tty.Stdout);

            Assert.Equal("started\n", (await Daemon.DockerAsync("logs", name)).Succeeded().Stdout);
            Assert.Equal(name + "\n", (await Daemon.DockerAsync("stop", "-t", "1", name)).Succeeded().Stdout);
            var stopped = (await Daemon.DockerAsync("ps", "-a", "--filter", $"name={name}", "--format", "{{.Status}}")).Succeeded();
            Assert.Matches(@"^Exited \((137|143)\) ", stopped.Stdout);
            var execStopped = await Daemon.DockerAsync("exec", name, "true");
            Assert.NotEqual(0, execStopped.ExitCode);
            Assert.Contains("is not running", execStopped.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
        Assert.DoesNotContain(name, (await Daemon.DockerAsync("ps", "-a")).Succeeded().Stdout);
    }

    [BusyboxFact]
    public async Task Logs_follow_streams_until_the_container_exits()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("logs");
        (await Daemon.DockerAsync("run", "-d", "--name", name, image, "sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.3; done; echo oops >&2")).Succeeded();
        try
        {
            var follow = (await Daemon.DockerAsync("logs", "-f", name)).Succeeded();
            Assert.Equal("line 1\nline 2\nline 3\n", follow.Stdout);
            Assert.Equal("oops\n", follow.Stderr);
            Assert.Equal("line 3\n", (await Daemon.DockerAsync("logs", "--tail", "2", name)).Succeeded().Stdout);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z line 1$", (await Daemon.DockerAsync("logs", "-t", name)).Succeeded().Stdout.Split('\n')[0]);
            Assert.Equal("0", (await Daemon.DockerAsync("wait", name)).Succeeded().Stdout.Trim());
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task Commit_turns_a_containers_changes_into_an_image_that_runs()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("cmt");
        string target = WharfdFixture.UniqueName("img") + ":v1";
        (await Daemon.DockerAsync("run", "--name", name, image, "sh", "-c", "echo hello > /greeting; rm /bin/vi")).Succeeded();
        try
        {
            string id = (await Daemon.DockerAsync("commit", "-m", "add greeting", "-c", "CMD [\"cat\", \"/greeting\"]", name, target)).Succeeded().Stdout.Trim();
            Assert.Matches("^sha256:[0-9a-f]{64}$", id);
            Assert.Equal("hello\n", (await Daemon.DockerAsync("run", "--rm", target)).Succeeded().Stdout);
            Assert.Equal(1, (await Daemon.DockerAsync("run", "--rm", target, "test", "-e", "/bin/vi")).ExitCode); // the deletion is in the layer too
            var history = (await Daemon.DockerAsync("history", "--format", "{{.Comment}}", target)).Succeeded();
            Assert.StartsWith("add greeting", history.Stdout);
            var images = (await Daemon.DockerAsync("images", "--format", "{{.Repository}}:{{.Tag}}")).Succeeded();
            Assert.Contains(target, images.Stdout);
            (await Daemon.DockerAsync("rmi", target)).Succeeded();
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task Diff_and_export_show_the_containers_filesystem()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("diff");
        (await Daemon.DockerAsync("run", "--name", name, image, "sh", "-c", "mkdir /new; echo x > /new/f; echo y >> /etc/passwd; rm /bin/vi")).Succeeded();
        try
        {
            var diff = (await Daemon.DockerAsync("diff", name)).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("A /new", diff);
            Assert.Contains("A /new/f", diff);
            Assert.Contains("C /etc", diff);
            Assert.Contains("C /etc/passwd", diff);
            Assert.Contains("D /bin/vi", diff);

            string tar = Path.Join(Daemon.Root, name + ".tar");
            (await Daemon.DockerAsync("export", "-o", tar, name)).Succeeded();
            var entries = (await CommandResult.RunAsync("tar", ["-tf", tar])).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var names = entries.Select(n => n.TrimStart('.', '/')).ToList();
            Assert.Contains("new/f", names);
            Assert.Contains("bin/busybox", names);
            Assert.DoesNotContain("bin/vi", names);
            string passwdEntry = entries[names.IndexOf("etc/passwd")];
            Assert.EndsWith("y\n", (await CommandResult.RunAsync("tar", ["-xOf", tar, passwdEntry])).Succeeded().Stdout);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task Bad_requests_get_dockers_answers_and_exit_codes()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("bad");
        (await Daemon.DockerAsync("run", "-d", "--name", name, image, "sleep", "60")).Succeeded();
        try
        {
            var taken = await Daemon.DockerAsync("run", "-d", "--name", name, image, "true");
            Assert.Equal(125, taken.ExitCode);
            Assert.Contains($"The container name \"/{name}\" is already in use", taken.Stderr);

            var running = await Daemon.DockerAsync("rm", name);
            Assert.Equal(1, running.ExitCode);
            Assert.Contains("container is running: stop the container before removing or force remove", running.Stderr);

            var missing = await Daemon.DockerAsync("run", "--rm", image, "no-such-command");
            Assert.Equal(127, missing.ExitCode);
            Assert.Contains("executable file not found", missing.Stderr);

            var noImage = await Daemon.DockerAsync("create", "e2e-no-such-image:1");
            Assert.NotEqual(0, noImage.ExitCode);
            Assert.Contains("Unable to find image 'e2e-no-such-image:1' locally", noImage.Stderr);

            var noContainer = await Daemon.DockerAsync("stop", "e2e-nobody");
            Assert.Equal(1, noContainer.ExitCode);
            Assert.Contains("No such container: e2e-nobody", noContainer.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }
}
