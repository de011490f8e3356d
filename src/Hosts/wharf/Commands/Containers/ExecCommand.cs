using System.Text;
using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Options;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// `wharf exec`: docker's RunExec — inspect first (so "No such container" wins), check the TTY,
/// POST /containers/{id}/exec, then either a detached start or a hijacked one streamed like an
/// attach; the exit code is the process's, read from GET /exec/{id}/json afterwards.
/// </summary>
internal static class ExecCommand
{
    public static CommandSpec Create() => new("exec [OPTIONS] CONTAINER COMMAND [ARG...]", "Execute a command in a running container")
    {
        Args = ArgsRule.AtLeast(2),
        Interspersed = false,
        CommonOrder = 2,
        AliasesLine = "wharf container exec, wharf exec",
        Setup = flags =>
        {
            StringFlag detachKeys = flags.String("detach-keys", null, "Override the key sequence for detaching a container");
            BoolFlag interactive = flags.Bool("interactive", 'i', "Keep STDIN open even if not attached");
            BoolFlag tty = flags.Bool("tty", 't', "Allocate a pseudo-TTY");
            BoolFlag detach = flags.Bool("detach", 'd', "Detached mode: run command in the background");
            StringFlag user = flags.String("user", 'u', "Username or UID (format: \"<name|uid>[:<group|gid>]\")");
            BoolFlag privileged = flags.Bool("privileged", null, "Give extended privileges to the command");
            ListFlag env = flags.List("env", 'e', "Set environment variables", check: KeyValueOptions.CheckEnv);
            ListFlag envFile = flags.List("env-file", null, "Read in a file of environment variables");
            StringFlag workdir = flags.String("workdir", 'w', "Working directory inside the container");
            return (cli, args, ct) =>
            {
                var request = new ExecCreateRequest
                {
                    User = user.Value,
                    Privileged = privileged.Value,
                    Tty = tty.Value,
                    Cmd = [.. args.Skip(1)],
                    WorkingDir = workdir.Value,
                    Env = KeyValueOptions.Environment(envFile.Value, env.Value, cli.Console.Environment) is { Count: > 0 } list ? list : null,
                    // Without -d everything but stdin is attached; stdin with -i.
                    AttachStdout = !detach.Value,
                    AttachStderr = !detach.Value,
                    AttachStdin = !detach.Value && interactive.Value,
                };
                return ExecAsync(cli, args[0], request, detach.Value, detachKeys.Value, ct);
            };
        },
    };

    private static async Task<int> ExecAsync(Invocation cli, string container, ExecCreateRequest request, bool detach, string detachKeysFlag, CancellationToken cancellationToken)
    {
        request.DetachKeys = detachKeysFlag.Length > 0 ? detachKeysFlag : cli.Config.DetachKeys is { Length: > 0 } configured ? configured : null;
        // An exec created and never started would linger in the daemon: check everything first.
        await ContainerInspection.GetAsync(cli, container, cancellationToken).ConfigureAwait(false);
        if (!detach) ContainerStreams.CheckTty(cli, request.AttachStdin, request.Tty);
        if (request.Tty)
        {
            (int rows, int columns) = ContainerStreams.ConsoleSize(cli);
            request.ConsoleSize = [rows, columns];
        }

        string body = Encoding.UTF8.GetString(ApiJson.Serialize(request, ApiJson.Context.ExecCreateRequest));
        IdResponse created;
        using (HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Post, $"{ContainerBatch.PathOf(container)}/exec", null,
                   DaemonClient.Json(body), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            created = await JsonSerializer.DeserializeAsync(stream, ApiJson.Context.IdResponse, cancellationToken).ConfigureAwait(false) ?? new IdResponse();
        }
        if (created.Id.Length == 0) throw new CliError("exec ID empty");
        string execPath = $"/exec/{Uri.EscapeDataString(created.Id)}";
        string start = Encoding.UTF8.GetString(ApiJson.Serialize(
            new ExecStartRequest { Detach = detach, Tty = request.Tty, ConsoleSize = request.ConsoleSize }, ApiJson.Context.ExecStartRequest));

        if (detach)
        {
            using HttpResponseMessage _ = await cli.Daemon.SendAsync(HttpMethod.Post, execPath + "/start", null, DaemonClient.Json(start),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return 0;
        }

        using (HijackedStream connection = await cli.Daemon.HijackAsync(execPath + "/start", null, start, cancellationToken).ConfigureAwait(false))
        {
            InteractiveSession session = ContainerStreams.Session(cli, connection, request.Tty, request.AttachStdin, true, true, request.DetachKeys ?? "");
            Task<SessionEnd> streaming = session.RunAsync(cancellationToken);
            using ResizeForwarder? resize = request.Tty && cli.Console.InputIsTerminal
                ? await ContainerStreams.MonitorTtySizeAsync(cli, execPath, cancellationToken).ConfigureAwait(false)
                : null;
            // docker returns the escape error here too; its text is "read escape sequence".
            if (await RunCommand.SessionAsync(streaming).ConfigureAwait(false) == SessionEnd.Detached) throw new CliError("read escape sequence");
        }
        return RunCommand.ExitWith(await ExitCodeAsync(cli, execPath, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>GET /exec/{id}/json's ExitCode (-1 when the daemon is gone, as docker's StatusError{-1}).</summary>
    private static async Task<int> ExitCodeAsync(Invocation cli, string execPath, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Get, execPath + "/json", cancellationToken: cancellationToken).ConfigureAwait(false);
            await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            ExecInspectResponse? inspect = await JsonSerializer.DeserializeAsync(stream, ApiJson.Context.ExecInspectResponse, cancellationToken).ConfigureAwait(false);
            return inspect?.ExitCode ?? 0;
        }
        catch (CliError)
        {
            return -1;
        }
    }
}
