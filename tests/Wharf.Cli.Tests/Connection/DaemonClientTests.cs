using System.Net.Sockets;
using System.Text;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Tests.Connection;

/// <summary>The daemon connection against a fake daemon on a Unix socket: negotiation, errors, hijack.</summary>
public sealed class DaemonClientTests
{
    private const string VersionJson = """
        {"Platform":{"Name":"Wharf Engine"},"Version":"0.1.0","ApiVersion":"1.45","MinAPIVersion":"1.24","GitCommit":"abc1234","GoVersion":"n/a","Os":"linux","Arch":"amd64","KernelVersion":"6.1","BuildTime":"2026-05-07T21:09:36.000000000+00:00"}
        """;

    private static FakeDaemon Daemon(string? apiVersion, Func<FakeDaemon.Request, FakeDaemon.Response>? routes = null) =>
        FakeDaemon.Answering(r => r.Target == "/_ping"
            ? FakeDaemon.Ping(apiVersion)
            : routes?.Invoke(r) ?? FakeDaemon.Response.Error(404, "page not found"));

    [Theory]
    [InlineData("1.45", "/v1.45/version")]
    [InlineData("1.50", "/v1.50/version")]
    [InlineData("1.60", "/v1.50/version")] // never above what the client speaks
    [InlineData(null, "/v1.24/version")] // no header: docker's pre-negotiation fallback
    public async Task Negotiates_the_version_with_a_ping_first(string? daemonVersion, string expectedPath)
    {
        using FakeDaemon daemon = Daemon(daemonVersion, _ => FakeDaemon.Response.Json(VersionJson));
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        using (await client.GetJsonAsync("/version")) { }
        using (await client.GetJsonAsync("/version")) { }

        FakeDaemon.Request[] requests = [.. daemon.Requests];
        Assert.Equal(["HEAD /_ping", $"GET {expectedPath}", $"GET {expectedPath}"], requests.Select(r => $"{r.Method} {r.Target}"));
        Assert.All(requests, r => Assert.Equal("api.moby.localhost", r.Header("Host")));
        Assert.All(requests, r => Assert.StartsWith("Wharf-Client/", r.Header("User-Agent")));
    }

    [Fact]
    public async Task Falls_back_to_GET_when_HEAD_is_refused()
    {
        using FakeDaemon daemon = FakeDaemon.Answering(r => r.Target == "/_ping"
            ? (r.Method == "HEAD" ? new FakeDaemon.Response(405, "") : FakeDaemon.Ping("1.41"))
            : FakeDaemon.Response.Json("{}"));
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        using (await client.GetJsonAsync("/info")) { }
        Assert.Equal(["HEAD /_ping", "GET /_ping", "GET /v1.41/info"], daemon.Requests.Select(r => $"{r.Method} {r.Target}"));
    }

    [Fact]
    public async Task A_pinned_version_skips_negotiation()
    {
        using FakeDaemon daemon = Daemon("1.50", _ => FakeDaemon.Response.Json("{}"));
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address), new ApiVersion(1, 43));
        using (await client.GetJsonAsync("/info")) { }
        Assert.Equal(["GET /v1.43/info"], daemon.Requests.Select(r => $"{r.Method} {r.Target}"));
    }

    [Fact]
    public async Task Error_bodies_become_the_daemons_message()
    {
        using FakeDaemon daemon = Daemon("1.50", r => r.Target.EndsWith("/json", StringComparison.Ordinal)
            ? FakeDaemon.Response.Error(404, "No such container: nosuch")
            : new FakeDaemon.Response(500, ""));
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));

        DaemonError notFound = await Assert.ThrowsAsync<DaemonError>(() => client.GetJsonAsync("/containers/nosuch/json"));
        Assert.True(notFound.IsNotFound);
        Assert.Equal("Error response from daemon: No such container: nosuch", notFound.Display);

        DaemonError empty = await Assert.ThrowsAsync<DaemonError>(() => client.GetJsonAsync("/nothing"));
        Assert.Equal("request returned Internal Server Error for API route and version http://api.moby.localhost/v1.50/nothing, check if the server supports the requested API version", empty.Display);
    }

    [Fact]
    public async Task A_text_error_body_is_shown_as_is()
    {
        using FakeDaemon daemon = Daemon("1.50", _ => new FakeDaemon.Response(409, "conflict: in use\n", "text/plain"));
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        DaemonError e = await Assert.ThrowsAsync<DaemonError>(() => client.GetJsonAsync("/x"));
        Assert.True(e.IsConflict);
        Assert.Equal("Error response from daemon: conflict: in use", e.Display);
    }

    [Fact]
    public void Version_prints_the_daemons_block_in_dockers_layout()
    {
        using FakeDaemon daemon = Daemon("1.45", _ => FakeDaemon.Response.Json(VersionJson));
        CliRun.Result r = CliRun.InProcess(["-H", daemon.Address, "version"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Error);
        Assert.Contains(" API version:       1.45 (downgraded from 1.50)\n", r.Out);
        Assert.EndsWith("""

            Server: Wharf Engine
             Engine:
              Version:          0.1.0
              API version:      1.45 (minimum version 1.24)
              Go version:       n/a
              Git commit:       abc1234
              Built:            Thu May  7 21:09:36 2026
              OS/Arch:          linux/amd64
              Experimental:     false

            """, r.Out);
    }

    [Fact]
    public void Version_formats_with_a_template_and_json()
    {
        using FakeDaemon daemon = Daemon("1.50", _ => FakeDaemon.Response.Json(VersionJson));
        CliRun.Result r = CliRun.InProcess(["-H", daemon.Address, "version", "--format", "{{.Server.Version}} {{.Server.APIVersion}} {{.Client.Os}}"]);
        Assert.Equal("0.1.0 1.45 linux\n", r.Out);

        CliRun.Result json = CliRun.InProcess(["-H", daemon.Address, "version", "--format", "json"]);
        using var doc = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal("0.1.0", doc.RootElement.GetProperty("Server").GetProperty("Version").GetString());
        Assert.Equal("1.50", doc.RootElement.GetProperty("Client").GetProperty("ApiVersion").GetString());
    }

    [Fact]
    public void Info_prints_dockers_lines_for_the_daemons_answer()
    {
        const string info = """
            {"Containers":3,"ContainersRunning":1,"ContainersPaused":0,"ContainersStopped":2,"Images":5,"Driver":"overlay2",
             "DriverStatus":[["Backing Filesystem","extfs"]],"Plugins":{"Volume":["local"],"Network":["bridge","null"],"Log":["json-file"]},
             "Swarm":{"LocalNodeState":"inactive"},"Runtimes":{"runc":{"path":"runc"},"wharf-runtime":{"path":"wharf-runtime"}},"DefaultRuntime":"wharf-runtime",
             "OSType":"linux","InitBinary":"","ContainerdCommit":{"ID":""},"RuncCommit":{"ID":"v1"},"InitCommit":{"ID":""},
             "SecurityOptions":["name=seccomp,profile=builtin"],"KernelVersion":"6.1","OperatingSystem":"Debian","Architecture":"x86_64",
             "NCPU":2,"MemTotal":25271762944,"Name":"vm","ID":"abc","DockerRootDir":"/var/lib/wharf","Debug":false,"ExperimentalBuild":false,
             "LiveRestoreEnabled":false,"ServerVersion":"0.1.0","CgroupDriver":"cgroupfs","CgroupVersion":"2","LoggingDriver":"json-file",
             "Warnings":["WARNING: no swap limit support"]}
            """;
        using FakeDaemon daemon = Daemon("1.50", _ => FakeDaemon.Response.Json(info));
        CliRun.Result r = CliRun.InProcess(["-H", daemon.Address, "info"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("WARNING: no swap limit support\n", r.Error);
        Assert.Contains("""
            Server:
             Containers: 3
              Running: 1
              Paused: 0
              Stopped: 2
             Images: 5
             Server Version: 0.1.0
             Storage Driver: overlay2
              Backing Filesystem: extfs
             Logging Driver: json-file
             Cgroup Driver: cgroupfs
             Cgroup Version: 2
             Plugins:
              Volume: local
              Network: bridge null
              Log: json-file
             Swarm: inactive
             Runtimes: runc wharf-runtime
             Default Runtime: wharf-runtime
             Init Binary: 
             containerd version: 
             runc version: v1
             init version: 
             Security Options:
              seccomp
               Profile: builtin
             Kernel Version: 6.1
            """, r.Out);
        Assert.Contains(" Total Memory: 23.54GiB\n", r.Out);

        CliRun.Result formatted = CliRun.InProcess(["-H", daemon.Address, "info", "--format", "{{.NCPU}} {{.ClientInfo.Os}} {{json .Plugins.Volume}}"]);
        Assert.Equal("2 linux [\"local\"]\n", formatted.Out);
    }

    [Fact]
    public void A_daemon_that_is_not_there_gets_dockers_message()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"wharf-absent-{Guid.NewGuid():N}.sock");
        CliRun.Result r = CliRun.InProcess(["-H", "unix://" + socket, "info"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"Cannot connect to the Wharf daemon at unix://{socket}. Is the wharf daemon running?\n", r.Error);
        Assert.Equal("Client:\n Version:    " + BuildInfo.Version + "\n Debug Mode: false\n\nServer:\n", r.Out);
    }

    [Fact]
    public void WHARF_HOST_is_read_and_DOCKER_HOST_is_not()
    {
        using FakeDaemon daemon = Daemon("1.50", _ => FakeDaemon.Response.Json(VersionJson));
        CliRun.Result viaEnv = CliRun.InProcess(["version", "-f", "{{.Server.Version}}"], new() { ["WHARF_HOST"] = daemon.Address });
        Assert.Equal("0.1.0\n", viaEnv.Out);

        Assert.Equal(DaemonEndpoint.Default, DaemonEndpoint.Resolve([], name => name == "DOCKER_HOST" ? daemon.Address : null));
        Assert.Equal("unix:///run/wharf.sock", DaemonEndpoint.Default.Address);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:2375")]
    [InlineData("127.0.0.1:2375")]
    public void Tcp_hosts_are_refused_with_a_clear_message(string host)
    {
        CliRun.Result r = CliRun.InProcess(["-H", host, "version"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.StartsWith($"Failed to initialize: unable to resolve wharf endpoint: {host}: wharf connects to its daemon only over a Unix socket", r.Error);
        Assert.Contains("use -H unix:///path/to/socket", r.Error);
    }

    [Theory]
    [InlineData("foo://x", "invalid bind address format: foo://x")]
    [InlineData("unix://relative.sock", "invalid unix socket address unix://relative.sock: the path must be absolute")]
    public void Bad_hosts_are_explained(string host, string reason)
    {
        CliError e = Assert.Throws<CliError>(() => DaemonEndpoint.Parse(host));
        Assert.Equal($"Failed to initialize: unable to resolve wharf endpoint: {reason}", e.Message);
    }

    [Fact]
    public void Only_one_host_is_accepted()
    {
        CliRun.Result r = CliRun.InProcess(["-H", "unix:///a", "-H", "unix:///b", "info"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("Failed to initialize: unable to resolve wharf endpoint: Specify only one -H\n", r.Error);
    }

    [Fact]
    public void Unix_addresses_may_be_bare_paths()
    {
        Assert.Equal(new DaemonEndpoint("unix:///run/x.sock", "/run/x.sock"), DaemonEndpoint.Parse("/run/x.sock"));
        Assert.Equal(DaemonEndpoint.Default, DaemonEndpoint.Parse("unix://"));
    }

    [Fact]
    public async Task Hijack_upgrades_and_half_closes()
    {
        var serverSawEof = new TaskCompletionSource<string>();
        using var daemon = new FakeDaemon(async (request, socket) =>
        {
            if (request.Target == "/_ping") return FakeDaemon.Ping("1.50");
            await socket.SendAsync("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello "u8.ToArray(), SocketFlags.None);
            // Read stdin until the client half-closes, then keep writing: output outlives input.
            var input = new MemoryStream();
            byte[] buffer = new byte[256];
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0) input.Write(buffer, 0, n);
            serverSawEof.SetResult(Encoding.UTF8.GetString(input.ToArray()));
            await socket.SendAsync("world"u8.ToArray(), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Both);
            return null;
        });
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        using HijackedStream stream = await client.HijackAsync("/containers/abc/attach", new Query().Flag("stream", true).Flag("stdin", true).Flag("stdout", true));
        Assert.Equal("application/vnd.docker.raw-stream", stream.ContentType);

        await stream.WriteAsync("echo hi\n"u8.ToArray());
        stream.CloseWrite();
        Assert.Equal("echo hi\n", await serverSawEof.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        var output = new MemoryStream();
        await stream.CopyToAsync(output);
        Assert.Equal("hello world", Encoding.UTF8.GetString(output.ToArray()));

        FakeDaemon.Request attach = daemon.Requests.Last();
        Assert.Equal("POST /v1.50/containers/abc/attach?stdin=1&stdout=1&stream=1", $"{attach.Method} {attach.Target}");
        Assert.Equal("Upgrade", attach.Header("Connection"));
        Assert.Equal("tcp", attach.Header("Upgrade"));
        Assert.Equal("api.moby.localhost", attach.Header("Host"));
    }

    [Fact]
    public async Task Hijack_sends_a_json_body_for_exec_start()
    {
        using var daemon = new FakeDaemon(async (request, socket) =>
        {
            if (request.Target == "/_ping") return FakeDaemon.Ping("1.50");
            await socket.SendAsync("HTTP/1.1 101 UPGRADED\r\n\r\n"u8.ToArray(), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Both);
            return null;
        });
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        using HijackedStream stream = await client.HijackAsync("/exec/e1/start", jsonBody: """{"Detach":false,"Tty":true}""");
        FakeDaemon.Request start = daemon.Requests.Last();
        Assert.Equal("application/json", start.Header("Content-Type"));
        Assert.Equal("""{"Detach":false,"Tty":true}""", Encoding.UTF8.GetString(start.Body));
    }

    [Fact]
    public async Task Hijack_reports_the_daemons_error_or_a_missing_upgrade()
    {
        using FakeDaemon daemon = Daemon("1.50", r => r.Target.Contains("nosuch", StringComparison.Ordinal)
            ? FakeDaemon.Response.Error(404, "No such container: nosuch")
            : new FakeDaemon.Response(200, "raw"));
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));

        DaemonError e = await Assert.ThrowsAsync<DaemonError>(() => client.HijackAsync("/containers/nosuch/attach"));
        Assert.Equal("Error response from daemon: No such container: nosuch", e.Display);

        CliError notUpgraded = await Assert.ThrowsAsync<CliError>(() => client.HijackAsync("/containers/abc/attach"));
        Assert.Equal("unable to upgrade to tcp, received 200", notUpgraded.Message);
    }

    [Fact]
    public async Task Hijack_to_a_missing_daemon_says_so()
    {
        using var client = new DaemonClient(DaemonEndpoint.Parse("unix:///nonexistent/wharf.sock"), new ApiVersion(1, 50));
        CliError e = await Assert.ThrowsAsync<CliError>(() => client.HijackAsync("/containers/x/attach"));
        Assert.Equal("Cannot connect to the Wharf daemon at unix:///nonexistent/wharf.sock. Is the wharf daemon running?", e.Message);
    }

    [Theory]
    [InlineData(15, 143)]
    [InlineData(2, 130)]
    public async Task A_signal_cancels_a_waiting_command_with_128_plus_the_signal(int signal, int exitCode)
    {
        var asked = new TaskCompletionSource();
        using var daemon = new FakeDaemon(async (_, _) =>
        {
            asked.TrySetResult();
            await Task.Delay(Timeout.Infinite); // a daemon that never answers
            return null;
        });
        var start = new System.Diagnostics.ProcessStartInfo(CliRun.Binary, ["-H", daemon.Address, "info"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Wharf.Linux.Interop.Libc.Kill(process.Id, signal);
        Assert.True(process.WaitForExit(10_000), "wharf did not stop on the signal");
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Equal("", await error);
    }
}
