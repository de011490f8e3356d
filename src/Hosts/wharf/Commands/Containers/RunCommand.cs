using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// `wharf run` / `wharf container run`, docker's runContainer: create; with --sig-proxy forward
/// signals; attach (before start, so no output is lost); watch for the exit (or the removal with
/// --rm) before start; start; stream until the output ends or the user detaches; exit with the
/// container's status. -d prints the ID instead. Failures of create and start exit 125, 126 or
/// 127 as docker's toStatusError decides.
/// </summary>
internal static class RunCommand
{
    public static CommandSpec Create() => new("run [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create and run a new container from an image")
    {
        Args = ArgsRule.AtLeast(1),
        Interspersed = false,
        CommonOrder = 1,
        AliasesLine = "wharf container run, wharf run",
        Setup = flags =>
        {
            BoolFlag detach = flags.Bool("detach", 'd', "Run container in background and print container ID");
            BoolFlag sigProxy = flags.Bool("sig-proxy", null, "Proxy received signals to the process", defaultValue: true);
            StringFlag detachKeys = flags.String("detach-keys", null, "Override the key sequence for detaching a container");
            var create = new CreateFlags(flags, "Pull image before running (\"always\", \"missing\", \"never\")");
            var options = new ContainerOptions(flags);
            return async (cli, args, ct) =>
            {
                ContainerCreateRequest request = await create.BuildRequestAsync(cli, options, args, "run", ct).ConfigureAwait(false);
                var run = new RunSettings(detach.Value, sigProxy.Value, detachKeys.Value, options.Attach.Value.Count > 0, create.Name.Value,
                    create.PlatformOrDefault(cli), create.Pull.Value, create.Quiet.Value);
                return await RunAsync(cli, request, run, ct).ConfigureAwait(false);
            };
        },
    };

    private sealed record RunSettings(bool Detach, bool SigProxy, string DetachKeys, bool AttachGiven, string Name, string Platform, string Pull, bool Quiet);

    private static async Task<int> RunAsync(Invocation cli, ContainerCreateRequest config, RunSettings run, CancellationToken cancellationToken)
    {
        bool autoRemove = config.HostConfig?.AutoRemove == true;
        if (!run.Detach)
        {
            ContainerStreams.CheckTty(cli, config.AttachStdin, config.Tty);
        }
        else
        {
            if (run.AttachGiven) throw new CliError("conflicting options: cannot specify both --attach and --detach");
            config.AttachStdin = config.AttachStdout = config.AttachStderr = config.StdinOnce = false;
        }

        string id;
        try
        {
            id = await ContainerCreation.CreateAsync(cli, config, run.Name, run.Platform, run.Pull, run.Quiet, cancellationToken).ConfigureAwait(false);
        }
        catch (DaemonError e)
        {
            throw RunErrors.ToStatus(e);
        }

        using SignalProxy? proxy = run.SigProxy ? SignalProxy.Start(signal => KillAsync(cli, id, signal)) : null;
        bool attach = config.AttachStdin || config.AttachStdout || config.AttachStderr;
        if (!attach)
        {
            cli.Out.WriteLine(id);
            cli.Out.Flush();
            Task<int>? removed = autoRemove ? await ContainerExit.WatchAsync(cli, id, "removed", cancellationToken).ConfigureAwait(false) : null;
            await StartOrFailAsync(cli, id, null, removed, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        // Detach keys matter only with stdin; reading config.json is skipped otherwise.
        string keys = run.DetachKeys.Length > 0 || !config.AttachStdin ? run.DetachKeys : cli.Config.DetachKeys;
        using HijackedStream connection = await ContainerStreams.AttachAsync(cli, id, config.AttachStdin, config.AttachStdout, config.AttachStderr, keys,
            cancellationToken).ConfigureAwait(false);
        InteractiveSession session = ContainerStreams.Session(cli, connection, config.Tty, config.AttachStdin, config.AttachStdout, config.AttachStderr, keys);
        Task<SessionEnd> streaming = session.RunAsync(cancellationToken);
        Task<int> status = await ContainerExit.WatchAsync(cli, id, autoRemove ? "removed" : "next-exit", cancellationToken).ConfigureAwait(false);
        await StartOrFailAsync(cli, id, (connection, streaming), autoRemove ? status : null, cancellationToken).ConfigureAwait(false);

        using ResizeForwarder? resize = config.Tty
            ? await ContainerStreams.MonitorTtySizeAsync(cli, $"/containers/{Uri.EscapeDataString(id)}", cancellationToken).ConfigureAwait(false)
            : null;
        if (!config.AttachStdout && !config.AttachStderr && await Task.WhenAny(streaming, status).ConfigureAwait(false) == status)
        {
            // Only stdin attached: the exit decides, not the (absent) output.
            return ExitWith(await status.ConfigureAwait(false));
        }
        if (await SessionAsync(streaming).ConfigureAwait(false) == SessionEnd.Detached) return 0;
        return ExitWith(await status.ConfigureAwait(false));
    }

    /// <summary>
    /// Starts the container; on failure ends the attached session first (so the terminal is
    /// restored) and, with --rm, waits for the removal, then fails as docker's toStatusError.
    /// </summary>
    private static async Task StartOrFailAsync(Invocation cli, string id, (HijackedStream Connection, Task<SessionEnd> Streaming)? attached,
        Task<int>? removed, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage _ = await cli.Daemon.SendAsync(HttpMethod.Post, $"/containers/{Uri.EscapeDataString(id)}/start",
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DaemonError e)
        {
            if (attached is var (connection, streaming))
            {
                connection.Dispose();
                try
                {
                    await streaming.ConfigureAwait(false);
                }
                catch (Exception ignored) when (ignored is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or OperationCanceledException)
                {
                }
            }
            if (removed is not null) await removed.ConfigureAwait(false);
            throw RunErrors.ToStatus(e);
        }
    }

    /// <summary>The session's end; a broken stream is the command's error (docker returns the hijack's error).</summary>
    internal static async Task<SessionEnd> SessionAsync(Task<SessionEnd> streaming)
    {
        try
        {
            return await streaming.ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new CliError(e.Message);
        }
    }

    /// <summary>A non-zero status is the CLI's exit code, with nothing printed.</summary>
    internal static int ExitWith(int status) => status == 0 ? 0 : throw new CliError("", status);

    /// <summary>POST /containers/{id}/kill?signal=NAME (the signal proxy's call).</summary>
    internal static async Task KillAsync(Invocation cli, string id, string signal)
    {
        using HttpResponseMessage _ = await cli.Daemon.SendAsync(HttpMethod.Post, $"/containers/{Uri.EscapeDataString(id)}/kill",
            new Query().Add("signal", signal)).ConfigureAwait(false);
    }
}
