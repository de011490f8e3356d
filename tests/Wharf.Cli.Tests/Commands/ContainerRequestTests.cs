using System.Text;
using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Commands.Containers;

namespace Wharf.Cli.Tests.Commands;

/// <summary>What `run`/`create` flags put into the create request (docker/cli's parse), checked on the JSON wharfd reads.</summary>
public sealed class ContainerRequestTests
{
    private static ContainerCreateRequest Build(params string[] args) => Build(_ => null, args);

    private static ContainerCreateRequest Build(Func<string, string?> environment, params string[] args)
    {
        var flags = new FlagSet { Interspersed = false };
        var options = new ContainerOptions(flags);
        List<string> positional = flags.Parse(args, TextWriter.Null);
        return ContainerRequest.Build(options, positional[0], positional.Skip(1).ToList(), environment, "/work", (24, 80));
    }

    private static JsonElement Json(ContainerCreateRequest request) =>
        JsonDocument.Parse(ApiJson.Serialize(request, ApiJson.Context.ContainerCreateRequest)).RootElement;

    [Fact]
    public void A_plain_run_attaches_stdout_and_stderr_and_passes_the_command()
    {
        JsonElement json = Json(Build("busybox", "echo", "hi"));
        Assert.Equal("busybox", json.GetProperty("Image").GetString());
        Assert.Equal(["echo", "hi"], json.GetProperty("Cmd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal((false, true, true, false, false), (json.GetProperty("AttachStdin").GetBoolean(), json.GetProperty("AttachStdout").GetBoolean(),
            json.GetProperty("AttachStderr").GetBoolean(), json.GetProperty("OpenStdin").GetBoolean(), json.GetProperty("Tty").GetBoolean()));
        JsonElement host = json.GetProperty("HostConfig");
        Assert.Equal("default", host.GetProperty("NetworkMode").GetString());
        Assert.Equal(-1, host.GetProperty("MemorySwappiness").GetInt64());
        Assert.Equal([24, 80], host.GetProperty("ConsoleSize").EnumerateArray().Select(e => e.GetInt32()));
        Assert.False(host.TryGetProperty("Init", out _)); // the daemon's default applies
        Assert.False(host.TryGetProperty("PidsLimit", out _));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("Entrypoint").ValueKind);
    }

    [Fact]
    public void Interactive_tty_runs_keep_stdin_open_once()
    {
        ContainerCreateRequest request = Build("-it", "busybox");
        Assert.True(request.AttachStdin && request.OpenStdin && request.StdinOnce && request.Tty);
        ContainerCreateRequest onlyStdout = Build("-a", "STDOUT", "busybox");
        Assert.Equal((false, true, false), (onlyStdout.AttachStdin, onlyStdout.AttachStdout, onlyStdout.AttachStderr));
    }

    [Fact]
    public void Resources_and_limits()
    {
        HostConfig host = Build("-m", "512m", "--memory-swap", "-1", "--cpus", "1.5", "--cpu-shares", "512", "--pids-limit", "100",
            "--memory-reservation", "1g", "--shm-size", "64m", "--ulimit", "nofile=10:20", "busybox").HostConfig!;
        Assert.Equal(512L << 20, host.Memory);
        Assert.Equal(-1, host.MemorySwap);
        Assert.Equal(1_500_000_000, host.NanoCpus);
        Assert.Equal(512, host.CpuShares);
        Assert.Equal(100, host.PidsLimit);
        Assert.Equal(1L << 30, host.MemoryReservation);
        Assert.Equal(64L << 20, host.ShmSize);
        Assert.Equal(("nofile", 10L, 20L), (host.Ulimits![0].Name, host.Ulimits[0].Soft, host.Ulimits[0].Hard));
    }

    [Fact]
    public void Identity_environment_and_labels()
    {
        ContainerCreateRequest request = Build(name => name == "TOKEN" ? "secret" : null,
            "-h", "box", "-u", "1000:1000", "-w", "/srv", "-e", "A=1", "-e", "TOKEN", "-l", "tier=web", "--label", "flag",
            "--stop-signal", "SIGINT", "--stop-timeout", "3", "--init", "--read-only", "--privileged", "--cap-add", "NET_ADMIN", "--cap-drop", "ALL",
            "busybox");
        Assert.Equal(("box", "1000:1000", "/srv"), (request.Hostname, request.User, request.WorkingDir));
        Assert.Equal(["A=1", "TOKEN=secret"], request.Env!);
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "web", ["flag"] = "" }, request.Labels);
        Assert.Equal(("SIGINT", 3), (request.StopSignal, request.StopTimeout));
        HostConfig host = request.HostConfig!;
        Assert.True(host.Init == true && host.ReadonlyRootfs && host.Privileged);
        Assert.Equal(["NET_ADMIN"], host.CapAdd!);
        Assert.Equal(["ALL"], host.CapDrop!);
    }

    [Fact]
    public void An_empty_entrypoint_resets_the_images()
    {
        Assert.Equal([""], Build("--entrypoint", "", "busybox").Entrypoint!);
        Assert.Equal(["/bin/sh"], Build("--entrypoint", "/bin/sh", "busybox", "-c", "true").Entrypoint!);
    }

    [Fact]
    public void Restart_network_volumes_ports_and_hosts()
    {
        ContainerCreateRequest request = Build("--restart", "on-failure:3", "--network", "none", "-v", "/srv:/srv:ro", "-v", "/cache",
            "-p", "127.0.0.1:8080:80", "--expose", "9000", "--add-host", "db=10.0.0.2", "--dns", "1.1.1.1", "--tmpfs", "/run:size=1m",
            "--log-opt", "max-size=1m", "--sysctl", "net.ipv4.ip_forward=1", "busybox");
        HostConfig host = request.HostConfig!;
        Assert.Equal(("on-failure", 3), (host.RestartPolicy!.Name, host.RestartPolicy.MaximumRetryCount));
        Assert.Equal("none", host.NetworkMode);
        Assert.Empty(request.NetworkingConfig!.EndpointsConfig!); // one named network: the daemon makes its endpoint
        Assert.Equal(["/srv:/srv:ro"], host.Binds!);
        Assert.Equal(["/cache"], request.Volumes!.Keys);
        Assert.Equal(["80/tcp", "9000/tcp"], request.ExposedPorts!.Keys.Order());
        Assert.Equal(("127.0.0.1", "8080"), (host.PortBindings!["80/tcp"]![0].HostIp, host.PortBindings["80/tcp"]![0].HostPort));
        Assert.Equal(["db:10.0.0.2"], host.ExtraHosts!);
        Assert.Equal(["1.1.1.1"], host.Dns!);
        Assert.Equal("size=1m", host.Tmpfs!["/run"]);
        Assert.Equal("1m", host.LogConfig!.Config["max-size"]);
        Assert.Equal("1", host.Sysctls!["net.ipv4.ip_forward"]);
        Assert.Equal(["default"], Build("busybox").NetworkingConfig!.EndpointsConfig!.Keys);
    }

    [Theory]
    [InlineData("conflicting options: cannot specify both --restart and --rm", "--rm", "--restart", "always")]
    [InlineData("invalid value: 101. Valid memory swappiness range is 0-100", "--memory-swappiness", "101")]
    [InlineData("--pid: invalid PID mode", "--pid", "bogus")]
    [InlineData("--no-healthcheck conflicts with --health-* options", "--no-healthcheck", "--health-cmd", "true")]
    [InlineData("invalid logging opts for driver none", "--log-driver", "none", "--log-opt", "a=b")]
    [InlineData("Invalid --security-opt: \"label\"", "--security-opt", "label")]
    public void Conflicts_and_bad_values_get_dockers_words(string message, params string[] flags)
    {
        Assert.Equal(message, Assert.Throws<CliError>(() => Build([.. flags, "busybox"])).Message);
    }

    [Fact]
    public void Health_checks_are_sent_in_nanoseconds()
    {
        HealthConfig health = Build("--health-cmd", "true", "--health-interval", "2s", "--health-retries", "3", "busybox").Healthcheck!;
        Assert.Equal(["CMD-SHELL", "true"], health.Test!);
        Assert.Equal((2_000_000_000L, 3), (health.Interval, health.Retries));
        Assert.Equal(["NONE"], Build("--no-healthcheck", "busybox").Healthcheck!.Test!);
    }

    [Fact]
    public void Flag_values_are_checked_as_they_are_parsed()
    {
        var flags = new FlagSet { Interspersed = false };
        _ = new ContainerOptions(flags);
        Assert.Equal("invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x",
            Assert.Throws<FlagException>(() => flags.Parse(["-e", "=x", "busybox"], TextWriter.Null)).Message);
        Assert.Equal("invalid argument \"stdfoo\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR",
            Assert.Throws<FlagException>(() => flags.Parse(["-a", "stdfoo", "busybox"], TextWriter.Null)).Message);
    }

    [Fact]
    public void The_request_deserializes_as_the_daemon_reads_it()
    {
        byte[] body = ApiJson.Serialize(Build("-e", "A=1", "-p", "80", "busybox", "true"), ApiJson.Context.ContainerCreateRequest);
        ContainerCreateRequest read = ApiJson.Deserialize(body, ApiJson.Context.ContainerCreateRequest);
        Assert.Equal(["true"], read.Cmd!);
        Assert.Equal(["A=1"], read.Env!);
        Assert.True(read.HostConfig!.PortBindings!.ContainsKey("80/tcp"));
        Assert.Contains("\"Image\":\"busybox\"", Encoding.UTF8.GetString(body));
    }
}
