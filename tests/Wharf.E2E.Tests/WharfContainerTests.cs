using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Wharf.E2E.Tests;

/// <summary>
/// The container lifecycle through Wharf's own CLI against wharfd: run (attached, -it on a real
/// pty, -d, --rm), create/start, exec, attach and detach, resize, stop/kill/restart/rm/wait/
/// rename/pause/unpause, signal proxying, and docker's exit codes for the failures. State is
/// checked with the docker CLI (inspect is another command's job).
/// </summary>
[Collection("wharfd")]
public class WharfContainerTests(WharfdFixture fixture)
{
    private WharfdInstance Daemon => fixture.Daemon;

    private Task<string> BusyboxAsync() => Daemon.BusyboxImageAsync();

    private async Task<string> StateAsync(string name) =>
        (await Daemon.DockerAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name)).Succeeded().Stdout.Trim();

    private async Task<bool> ExistsAsync(string name) =>
        (await Daemon.DockerAsync("ps", "-a", "--format", "{{.Names}}")).Succeeded().Stdout.Split('\n').Contains(name);

    [BusyboxFact]
    public async Task Run_attached_splits_stdout_and_stderr_returns_the_exit_code_and_rm_removes()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("watt");
        var run = await Daemon.WharfAsync("run", "--rm", "--name", name, image, "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("out\n", run.Stdout);
        Assert.Equal("err\n", run.Stderr);
        Assert.False(await ExistsAsync(name));

        var env = (await Daemon.WharfAsync("run", "--rm", "-e", "GREETING=hi there", "-w", "/tmp", "-u", "1:2", "-h", "box", "--label", "k=v",
            image, "sh", "-c", "echo \"$GREETING|$(pwd)|$(id -u):$(id -g)|$(hostname)\"")).Succeeded();
        Assert.Equal("hi there|/tmp|1:2|box\n", env.Stdout);

        var input = (await Daemon.WharfAsync(["run", "--rm", "-i", image, "sh", "-c", "tr a-z A-Z"], stdin: "shout\n")).Succeeded();
        Assert.Equal("SHOUT\n", input.Stdout);
    }

    [BusyboxFact]
    public async Task Run_it_on_a_terminal_runs_an_interactive_shell()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("wcon");
        try
        {
            var session = await PtySession.RunAsync(Daemon, "# ", ["hostname; tty", "exit 3"], TestPaths.WharfCli, "run", "-it", "--name", name, image, "sh");
            Assert.True(session.ExitCode == 3, session.ToString());
            string id = (await Daemon.DockerAsync("inspect", "-f", "{{.Id}}", name)).Succeeded().Stdout.Trim();
            Assert.Contains(id[..12], session.Stdout); // the hostname is the short id
            Assert.Contains("/dev/pts/0", session.Stdout);
            Assert.Equal("exited 3", await StateAsync(name));
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task The_containers_tty_follows_the_terminals_size()
    {
        string image = await BusyboxAsync();
        var session = await PtySession.RunAsync(Daemon, "# ",
            ["stty size", "!expect 30 100", "!winsize 40 120", "!sleep 0.5", "!raw 0a", "stty size", "!expect 40 120", "exit"], (30, 100),
            TestPaths.WharfCli, "run", "--rm", "-it", image, "sh");
        Assert.True(session.ExitCode == 0, session.ToString());
        Assert.Matches(@"(?m)^30 100\r?$", session.Stdout); // stty's answers, on lines of their own
        Assert.Matches(@"(?m)^40 120\r?$", session.Stdout);
    }

    [BusyboxFact]
    public async Task Ctrl_p_ctrl_q_detaches_and_attach_reattaches()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("wdet");
        try
        {
            var run = await PtySession.RunAsync(Daemon, "# ", ["echo first-$((2*3))", "!expect first-6", "!raw 1011"], TestPaths.WharfCli, "run", "-it", "--name", name, image, "sh");
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains("first-6", run.Stdout);
            Assert.Equal("running 0", await StateAsync(name));

            var attach = await PtySession.RunAsync(Daemon, "# ", ["!sleep 0.5", "!raw 0a", "echo again-$((6*7))", "exit 5"], TestPaths.WharfCli, "attach", name);
            Assert.True(attach.ExitCode == 5, attach.ToString());
            Assert.Contains("again-42", attach.Stdout);
            Assert.Equal("exited 5", await StateAsync(name));

            var stopped = await Daemon.WharfAsync("attach", name);
            Assert.Equal(1, stopped.ExitCode);
            Assert.Equal("You cannot attach to a stopped container, start it first\n", stopped.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task A_detached_server_serves_exec()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("wweb");
        string id = (await Daemon.WharfAsync("run", "-d", "--name", name, image, "httpd", "-f", "-p", "80")).Succeeded().Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        try
        {
            Assert.Contains("httpd -f -p 80", (await Daemon.WharfAsync("exec", name, "ps")).Succeeded().Stdout);
            Assert.Equal(7, (await Daemon.WharfAsync("exec", name, "sh", "-c", "exit 7")).ExitCode);
            Assert.Equal("from stdin", (await Daemon.WharfAsync(["exec", "-i", name, "cat"], stdin: "from stdin")).Succeeded().Stdout);
            var env = (await Daemon.WharfAsync("exec", "-e", "A=1", "-w", "/etc", "-u", "5", name, "sh", "-c", "echo $A $(pwd) $(id -u)")).Succeeded();
            Assert.Equal("1 /etc 5\n", env.Stdout);
            var split = await Daemon.WharfAsync("exec", name, "sh", "-c", "echo o; echo e >&2");
            Assert.Equal(("o\n", "e\n"), (split.Stdout, split.Stderr));

            (await Daemon.WharfAsync("exec", "-d", name, "sh", "-c", "echo bg > /tmp/bg")).Succeeded();
            await Task.Delay(300);
            Assert.Equal("bg\n", (await Daemon.WharfAsync("exec", name, "cat", "/tmp/bg")).Succeeded().Stdout);

            var tty = await PtySession.RunAsync(Daemon, "# ", ["echo in-exec-$((6*7)); tty", "exit 4"], TestPaths.WharfCli, "exec", "-it", name, "sh");
            Assert.True(tty.ExitCode == 4, tty.ToString());
            Assert.Contains("in-exec-42", tty.Stdout);
            Assert.Contains("/dev/pts/", tty.Stdout);

            var missing = await Daemon.WharfAsync("exec", name, "no-such-command");
            Assert.Equal(127, missing.ExitCode);

            Assert.Equal(name + "\n", (await Daemon.WharfAsync("stop", "-t", "1", name)).Succeeded().Stdout);
            var execStopped = await Daemon.WharfAsync("exec", name, "true");
            Assert.Equal(1, execStopped.ExitCode);
            Assert.StartsWith("Error response from daemon: ", execStopped.Stderr);
            Assert.Contains("is not running", execStopped.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task Create_start_pause_restart_kill_wait_rename_and_rm()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("wlife");
        string renamed = name + "-r";
        try
        {
            string id = (await Daemon.WharfAsync("create", "--name", name, "--restart", "no", "-m", "64m", "--cpus", "0.5", "--pids-limit", "50",
                image, "sleep", "60")).Succeeded().Stdout.Trim();
            Assert.Matches("^[0-9a-f]{64}$", id);
            Assert.Equal("created 0", await StateAsync(name));
            var limits = (await Daemon.DockerAsync("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}", name)).Succeeded();
            Assert.Equal("67108864 500000000 50", limits.Stdout.Trim());

            Assert.Equal(name + "\n", (await Daemon.WharfAsync("start", name)).Succeeded().Stdout);
            Assert.Equal("running 0", await StateAsync(name));
            Assert.Equal(name + "\n", (await Daemon.WharfAsync("container", "pause", name)).Succeeded().Stdout);
            Assert.Equal("paused 0", await StateAsync(name));
            Assert.Equal(name + "\n", (await Daemon.WharfAsync("unpause", name)).Succeeded().Stdout);
            Assert.Equal("running 0", await StateAsync(name));
            Assert.Equal(name + "\n", (await Daemon.WharfAsync("restart", "-t", "1", name)).Succeeded().Stdout);
            Assert.Equal("running 0", await StateAsync(name));

            var waiting = Daemon.WharfAsync("wait", name);
            await Task.Delay(300);
            Assert.Equal(name + "\n", (await Daemon.WharfAsync("kill", "-s", "KILL", name)).Succeeded().Stdout);
            Assert.Equal("137\n", (await waiting).Succeeded().Stdout);

            (await Daemon.WharfAsync("rename", name, renamed)).Succeeded();
            Assert.True(await ExistsAsync(renamed));
            var clash = await Daemon.WharfAsync("rename", renamed, renamed);
            Assert.Equal(1, clash.ExitCode);
            Assert.EndsWith($"Error: failed to rename container named {renamed}\n", clash.Stderr);

            Assert.Equal(renamed + "\n", (await Daemon.WharfAsync("container", "remove", renamed)).Succeeded().Stdout);
            Assert.False(await ExistsAsync(renamed));
            var gone = (await Daemon.WharfAsync("rm", "-f", renamed)).Succeeded(); // -f: a missing one is only reported
            Assert.Contains($"No such container: {renamed}", gone.Stderr);
            var notForced = await Daemon.WharfAsync("rm", renamed, "e2e-nobody");
            Assert.Equal(1, notForced.ExitCode);
            Assert.Equal($"Error response from daemon: No such container: {renamed}\nError response from daemon: No such container: e2e-nobody\n", notForced.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
            await Daemon.DockerAsync("rm", "-f", renamed);
        }
    }

    [BusyboxFact]
    public async Task A_restarted_container_stays_reachable_after_its_old_shim_leaves()
    {
        // The old shim lingers for its clients (up to ShimServer.ClientGrace, 5 s) after the new
        // one took over the state directory; leaving must not take the new shim's socket along.
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("wrestart");
        try
        {
            (await Daemon.WharfAsync("run", "-d", "--name", name, image, "sleep", "600")).Succeeded();
            Assert.Equal(name + "\n", (await Daemon.WharfAsync("restart", "-t", "0", name)).Succeeded().Stdout);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(6))
            {
                (await Daemon.WharfAsync("exec", name, "true")).Succeeded();
                await Task.Delay(500);
            }
            Assert.Equal(name + "\n", (await Daemon.WharfAsync("stop", "-t", "0", name)).Succeeded().Stdout);
            Assert.Equal(name + "\n", (await Daemon.WharfAsync("rm", name)).Succeeded().Stdout);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task Start_attach_streams_and_returns_the_status_and_detached_rm_cleans_up()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("wsta");
        try
        {
            (await Daemon.WharfAsync("create", "--name", name, image, "sh", "-c", "echo hi; echo oops >&2; exit 4")).Succeeded();
            var start = await Daemon.WharfAsync("start", "-a", name);
            Assert.Equal(4, start.ExitCode);
            Assert.Equal(("hi\n", "oops\n"), (start.Stdout, start.Stderr));
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }

        string temporary = WharfdFixture.UniqueName("wdrm");
        (await Daemon.WharfAsync("run", "-d", "--rm", "--name", temporary, image, "true")).Succeeded();
        for (int i = 0; i < 50 && await ExistsAsync(temporary); i++) await Task.Delay(100);
        Assert.False(await ExistsAsync(temporary));
    }

    /// <summary>
    /// The daemon registers an attach before it answers 101: docker run starts the container the
    /// moment it has the 101, and a fast process's output must not be lost (the CLI would wait for it forever).
    /// </summary>
    [BusyboxFact]
    public async Task An_attach_answered_101_sees_the_output_of_a_start_sent_at_once()
    {
        string image = await BusyboxAsync();
        for (int round = 0; round < 5; round++)
        {
            string name = WharfdFixture.UniqueName("wrace");
            (await Daemon.DockerAsync("create", "--name", name, image, "echo", "hello")).Succeeded();
            try
            {
                using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(Daemon.SocketPath));
                await socket.SendAsync(Encoding.ASCII.GetBytes($"POST /v1.50/containers/{name}/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\n" +
                    "Host: api.moby.localhost\r\nContent-Length: 0\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"), SocketFlags.None);
                var received = new MemoryStream();
                byte[] buffer = new byte[4096];
                while (!Encoding.Latin1.GetString(received.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
                    received.Write(buffer, 0, await socket.ReceiveAsync(buffer, SocketFlags.None));
                Assert.StartsWith("HTTP/1.1 101", Encoding.Latin1.GetString(received.ToArray()));

                using var start = await Daemon.Http.Client.PostAsync($"/v1.50/containers/{name}/start", null);
                Assert.Equal(204, (int)start.StatusCode);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                int n;
                while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0) received.Write(buffer, 0, n);
                Assert.Contains("hello\n", Encoding.Latin1.GetString(received.ToArray()));
            }
            finally
            {
                await Daemon.DockerAsync("rm", "-f", name);
            }
        }
    }

    [BusyboxFact]
    public async Task Signals_sent_to_an_attached_run_reach_the_container()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("wsig");
        var start = new ProcessStartInfo(TestPaths.WharfCli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "run", "--rm", "--name", name, image, "sh", "-c", "trap 'echo got TERM; exit 7' TERM; echo ready; while true; do sleep 0.1; done" })
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in Daemon.WharfEnvironment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        try
        {
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            await CommandResult.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.Equal("got TERM", await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(7, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }

    [BusyboxFact]
    public async Task Failures_get_dockers_messages_and_exit_codes()
    {
        string image = await BusyboxAsync();
        string name = WharfdFixture.UniqueName("wbad");
        (await Daemon.WharfAsync("run", "-d", "--name", name, image, "sleep", "60")).Succeeded();
        try
        {
            var taken = await Daemon.WharfAsync("run", "-d", "--name", name, image, "true");
            Assert.Equal(125, taken.ExitCode);
            Assert.StartsWith($"wharf: Error response from daemon: Conflict. The container name \"/{name}\" is already in use", taken.Stderr);
            Assert.EndsWith("\n\nRun 'wharf run --help' for more information\n", taken.Stderr);

            var noImage = await Daemon.WharfAsync("run", "--rm", "e2e-no-such-image:1");
            Assert.Equal(125, noImage.ExitCode);
            Assert.StartsWith("Unable to find image 'e2e-no-such-image:1' locally\nwharf: Error response from daemon: ", noImage.Stderr);
            var noImageCreate = await Daemon.WharfAsync("create", "e2e-no-such-image");
            Assert.Equal(1, noImageCreate.ExitCode);
            Assert.StartsWith("Unable to find image 'e2e-no-such-image:latest' locally\nError response from daemon: ", noImageCreate.Stderr);

            var missing = await Daemon.WharfAsync("run", "--rm", image, "no-such-command");
            Assert.Equal(127, missing.ExitCode);
            Assert.Contains("executable file not found", missing.Stderr);

            var notExecutable = await Daemon.WharfAsync("run", "--rm", image, "/etc/passwd");
            Assert.Equal(126, notExecutable.ExitCode);
            Assert.Contains("permission denied", notExecutable.Stderr);

            var badFlag = await Daemon.WharfAsync("run", "--bogus", image);
            Assert.Equal(125, badFlag.ExitCode);
            Assert.Equal("unknown flag: --bogus\n\nUsage:  wharf run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'wharf run --help' for more information\n", badFlag.Stderr);

            var conflict = await Daemon.WharfAsync("run", "--rm", "--restart", "always", image, "true");
            Assert.Equal(125, conflict.ExitCode);
            Assert.Equal("wharf: conflicting options: cannot specify both --restart and --rm\n\nRun 'wharf run --help' for more information\n", conflict.Stderr);

            var notTty = await Daemon.WharfAsync("run", "-it", image, "true");
            Assert.Equal(1, notTty.ExitCode);
            Assert.Equal("the input device is not a TTY\n", notTty.Stderr);

            var noContainer = await Daemon.WharfAsync("stop", "e2e-nobody");
            Assert.Equal(1, noContainer.ExitCode);
            Assert.Equal("Error response from daemon: No such container: e2e-nobody\n", noContainer.Stderr);
        }
        finally
        {
            await Daemon.DockerAsync("rm", "-f", name);
        }
    }
}
