using System.Text;
using Wharf.Cli.Tests.Connection;

namespace Wharf.Cli.Tests.Commands;

/// <summary>The lifecycle commands' requests, output and exit codes against a fake daemon (the attached flows run against wharfd in the E2E tests).</summary>
public sealed class ContainerCommandTests
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static FakeDaemon Daemon(Func<FakeDaemon.Request, FakeDaemon.Response?> routes) =>
        FakeDaemon.Answering(r => r.Target == "/_ping"
            ? FakeDaemon.Ping("1.50")
            : routes(r) ?? FakeDaemon.Response.Error(404, "page not found"));

    private static CliRun.Result Run(FakeDaemon daemon, params string[] args) =>
        CliRun.InProcess(args, new Dictionary<string, string> { ["WHARF_HOST"] = daemon.Address, ["DOCKER_CONFIG"] = "/nonexistent" });

    private static string[] Calls(FakeDaemon daemon) =>
        daemon.Requests.Where(r => r.Target != "/_ping").Select(r => $"{r.Method} {r.Target}").ToArray();

    [Fact]
    public void Run_detached_creates_starts_and_prints_the_full_id()
    {
        using FakeDaemon daemon = Daemon(r => r.Target switch
        {
            "/v1.50/containers/create?name=web" => new FakeDaemon.Response(201, $$"""{"Id":"{{Id}}","Warnings":["low memory"]}"""),
            _ when r.Target == $"/v1.50/containers/{Id}/start" => new FakeDaemon.Response(204),
            _ => null,
        });
        CliRun.Result result = Run(daemon, "run", "-d", "--name", "web", "-e", "A=1", "busybox", "httpd", "-f");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Id + "\n", result.Out);
        Assert.Equal("WARNING: low memory\n", result.Error);
        Assert.Equal(["POST /v1.50/containers/create?name=web", $"POST /v1.50/containers/{Id}/start"], Calls(daemon));
        string body = Encoding.UTF8.GetString(daemon.Requests.First(r => r.Target.Contains("create")).Body);
        Assert.Contains("\"Cmd\":[\"httpd\",\"-f\"]", body);
        Assert.Contains("\"AttachStdout\":false", body); // -d attaches nothing
        Assert.Contains("\"Env\":[\"A=1\"]", body);
    }

    [Fact]
    public void A_start_failure_is_docker_runs_status_error()
    {
        using FakeDaemon daemon = Daemon(r => r.Target.EndsWith("/create", StringComparison.Ordinal)
            ? new FakeDaemon.Response(201, $$"""{"Id":"{{Id}}","Warnings":[]}""")
            : r.Target.EndsWith("/start", StringComparison.Ordinal)
                ? FakeDaemon.Response.Error(400, "failed to create task: exec: \\\"nope\\\": executable file not found in $PATH")
                : null);
        CliRun.Result result = Run(daemon, "run", "-d", "busybox", "nope");
        Assert.Equal(127, result.ExitCode);
        Assert.Equal(Id + "\n", result.Out);
        Assert.Equal("wharf: Error response from daemon: failed to create task: exec: \"nope\": executable file not found in $PATH\n\n" +
            "Run 'wharf run --help' for more information\n", result.Error);
    }

    [Fact]
    public void A_missing_image_is_announced_before_the_error()
    {
        using FakeDaemon daemon = Daemon(r => r.Target.StartsWith("/v1.50/containers/create", StringComparison.Ordinal)
            ? FakeDaemon.Response.Error(404, "No such image: nosuch:latest")
            : null);
        CliRun.Result create = Run(daemon, "create", "nosuch");
        Assert.Equal(1, create.ExitCode);
        Assert.Equal("Unable to find image 'nosuch:latest' locally\nError response from daemon: No such image: nosuch:latest\n", create.Error);

        CliRun.Result run = Run(daemon, "run", "-q", "nosuch");
        Assert.Equal(125, run.ExitCode);
        Assert.Equal("wharf: Error response from daemon: No such image: nosuch:latest\n\nRun 'wharf run --help' for more information\n", run.Error);
    }

    [Fact]
    public void Bad_flag_values_exit_125_before_any_request()
    {
        using FakeDaemon daemon = Daemon(_ => null);
        CliRun.Result pull = Run(daemon, "run", "--pull", "sometimes", "busybox");
        Assert.Equal(125, pull.ExitCode);
        Assert.Equal("wharf: invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\"\n\nRun 'wharf run --help' for more information\n", pull.Error);
        CliRun.Result memory = Run(daemon, "create", "-m", "lots", "busybox");
        Assert.Equal(125, memory.ExitCode);
        Assert.StartsWith("invalid argument \"lots\" for \"-m, --memory\" flag: ", memory.Error);
        Assert.Empty(Calls(daemon));
    }

    [Fact]
    public void Stop_prints_each_stopped_container_and_joins_the_errors()
    {
        using FakeDaemon daemon = Daemon(r => r.Target.StartsWith("/v1.50/containers/a/", StringComparison.Ordinal)
            ? new FakeDaemon.Response(204)
            : FakeDaemon.Response.Error(404, "No such container: " + r.Target.Split('/')[3]));
        CliRun.Result result = Run(daemon, "stop", "-t", "3", "-s", "USR1", "a", "b", "c");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("a\n", result.Out);
        Assert.Equal("Error response from daemon: No such container: b\nError response from daemon: No such container: c\n", result.Error);
        Assert.Contains("POST /v1.50/containers/a/stop?signal=USR1&t=3", Calls(daemon));
    }

    [Fact]
    public void Kill_restart_pause_and_rm_send_dockers_queries()
    {
        using FakeDaemon daemon = Daemon(_ => new FakeDaemon.Response(204));
        Assert.Equal("x\n", Run(daemon, "kill", "-s", "HUP", "x").Out);
        Assert.Equal("x\n", Run(daemon, "container", "restart", "x").Out);
        Assert.Equal("x\n", Run(daemon, "pause", "x").Out);
        Assert.Equal("x\n", Run(daemon, "unpause", "x").Out);
        Assert.Equal("/x\n", Run(daemon, "rm", "-f", "-v", "/x").Out); // printed as given, sent trimmed
        Assert.Equal(["POST /v1.50/containers/x/kill?signal=HUP", "POST /v1.50/containers/x/restart", "POST /v1.50/containers/x/pause",
            "POST /v1.50/containers/x/unpause", "DELETE /v1.50/containers/x?force=1&v=1"], Calls(daemon));
    }

    [Fact]
    public void Rm_force_only_reports_containers_that_are_not_there()
    {
        using FakeDaemon daemon = Daemon(_ => FakeDaemon.Response.Error(404, "No such container: gone"));
        CliRun.Result forced = Run(daemon, "rm", "-f", "gone");
        Assert.Equal((0, "", "Error response from daemon: No such container: gone\n"), (forced.ExitCode, forced.Out, forced.Error));
        Assert.Equal(1, Run(daemon, "rm", "gone").ExitCode);
    }

    [Fact]
    public void Wait_prints_each_status_and_rename_names_the_failure()
    {
        using FakeDaemon daemon = Daemon(r => r.Target switch
        {
            "/v1.50/containers/a/wait" => FakeDaemon.Response.Json("""{"StatusCode":3,"Error":null}"""),
            "/v1.50/containers/b/wait" => FakeDaemon.Response.Json("""{"StatusCode":0}"""),
            _ when r.Target.Contains("/rename?name=new", StringComparison.Ordinal) => FakeDaemon.Response.Error(409, "name taken"),
            _ => null,
        });
        CliRun.Result wait = Run(daemon, "wait", "a", "b");
        Assert.Equal((0, "3\n0\n"), (wait.ExitCode, wait.Out));
        CliRun.Result rename = Run(daemon, "rename", "old", "new");
        Assert.Equal((1, "Error response from daemon: name taken\nError: failed to rename container named old\n"), (rename.ExitCode, rename.Error));
    }

    [Fact]
    public void Start_without_attach_reports_the_ones_that_failed()
    {
        using FakeDaemon daemon = Daemon(r => r.Target == "/v1.50/containers/ok/start" ? new FakeDaemon.Response(204) : FakeDaemon.Response.Error(404, "No such container: bad"));
        CliRun.Result result = Run(daemon, "start", "ok", "bad");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("ok\n", result.Out);
        Assert.Equal("Error response from daemon: No such container: bad\nError: failed to start containers: bad\n", result.Error);
        Assert.Equal("you cannot start and attach multiple containers at once\n", Run(daemon, "start", "-a", "x", "y").Error);
    }

    [Fact]
    public void The_commands_are_mounted_under_container_too()
    {
        CliRun.Result help = CliRun.InProcess(["container", "run", "--help"]);
        Assert.Contains("Usage:  wharf container run [OPTIONS] IMAGE [COMMAND] [ARG...]", help.Out);
        Assert.Contains("Aliases:\n  wharf container run, wharf run", help.Out);
        Assert.Contains("  -h, --hostname string", help.Out);
        Assert.Matches(@"\n      --help +Print usage\n", help.Out); // shown: -h is --hostname here
        CliRun.Result root = CliRun.InProcess(["--help"]);
        Assert.Contains("Common Commands:\n  run         Create and run a new container from an image\n  exec        Execute a command in a running container", root.Out);
    }
}
