using System.Net;
using System.Text;
using Wharf.Cli.Commands;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Tests;

/// <summary>What commands get from <see cref="Invocation"/>: config, detach keys, progress, run's exit codes.</summary>
public sealed class InvocationTests : IDisposable
{
    private readonly string _configDir = Directory.CreateTempSubdirectory("wharf-cli-config-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose() => Directory.Delete(_configDir, recursive: true);

    private Invocation Create(bool outputIsTerminal = false)
    {
        var console = new CliConsole(_out, _err, name => name == "DOCKER_CONFIG" ? _configDir : null) { OutputIsTerminal = outputIsTerminal };
        var flags = new Wharf.Cli.CommandLine.FlagSet();
        return new Invocation(console, CommandTree.Build(), new GlobalOptions(flags, console.Environment), DaemonEndpoint.Default);
    }

    [Fact]
    public void Reads_formats_and_detach_keys_from_config_json()
    {
        File.WriteAllText(Path.Combine(_configDir, "config.json"), """{"auths":{},"psFormat":"table {{.Names}}","detachKeys":"ctrl-a,q"}""");
        using Invocation cli = Create();
        Assert.Equal("table {{.Names}}", cli.Config.PsFormat);
        Assert.Equal("", cli.Config.ImagesFormat);
        Assert.Equal(new byte[] { 1, (byte)'q' }, cli.DetachKeys(""));
        Assert.Equal(new byte[] { 24 }, cli.DetachKeys("ctrl-x"));
    }

    [Fact]
    public void Bad_detach_keys_fall_back_to_the_default_with_dockers_warning()
    {
        using Invocation cli = Create();
        Assert.Equal(new byte[] { 16, 17 }, cli.DetachKeys("ctrl-P"));
        Assert.Equal("WARNING: invalid detach escape keys, using default: Unknown character: 'ctrl-P'\n", _err.ToString());
    }

    [Fact]
    public void A_broken_config_is_warned_about_and_ignored()
    {
        File.WriteAllText(Path.Combine(_configDir, "config.json"), "{not json");
        using Invocation cli = Create();
        Assert.Equal("", cli.Config.PsFormat);
        Assert.StartsWith($"WARNING: Error loading config file: {_configDir}/config.json: ", _err.ToString());
    }

    private static HttpResponseMessage Stream(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task Progress_errors_fail_the_command()
    {
        using Invocation cli = Create();
        CliError e = await Assert.ThrowsAsync<CliError>(() => cli.ShowProgressAsync(Stream(
            """{"status":"Pulling from library/x","id":"latest"}{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}""")));
        Assert.Equal(("manifest unknown", 1), (e.Message, e.ExitCode));
        Assert.Equal("latest: Pulling from library/x\n", _out.ToString());

        CliError build = await Assert.ThrowsAsync<CliError>(() => cli.ShowProgressAsync(Stream(
            """{"errorDetail":{"code":3,"message":"The command '/bin/sh -c exit 3' returned a non-zero code: 3"}}"""), exitWithErrorCode: true));
        Assert.Equal(3, build.ExitCode);
    }

    [Theory]
    [InlineData("failed to create task: exec: \"nope\": executable file not found in $PATH", 127)]
    [InlineData("exec /bin/x: no such file or directory", 127)]
    [InlineData("exec /etc: permission denied", 126)]
    [InlineData("exec /etc: is a directory", 126)]
    [InlineData("No such image: nope:latest", 125)]
    public void Run_failures_map_to_dockers_exit_codes(string daemonMessage, int code)
    {
        CliError e = RunErrors.ToStatus(new DaemonError(HttpStatusCode.BadRequest, daemonMessage));
        Assert.Equal(code, e.ExitCode);
        Assert.Equal($"wharf: Error response from daemon: {daemonMessage}\n\nRun 'wharf run --help' for more information", e.Message);
    }

    [Fact]
    public void A_missing_daemon_fails_run_with_125_as_in_docker()
    {
        CliError e = RunErrors.ToStatus(new CliError("Cannot connect to the Wharf daemon at unix:///run/wharf.sock. Is the wharf daemon running?"));
        Assert.Equal(125, e.ExitCode);
        Assert.StartsWith("wharf: Cannot connect to the Wharf daemon", e.Message);
    }
}
