using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// `wharf attach`: docker's RunAttach — the container must be running (checked before and after
/// the attach), a TTY is nudged to redraw (resized one larger, then to the terminal's size), the
/// exit status is the container's; detaching is docker's "read escape sequence" error.
/// </summary>
internal static class AttachCommand
{
    public static CommandSpec Create() => new("attach [OPTIONS] CONTAINER", "Attach local standard input, output, and error streams to a running container")
    {
        Args = ArgsRule.Exactly(1),
        AliasesLine = "wharf container attach, wharf attach",
        Setup = flags =>
        {
            BoolFlag noStdin = flags.Bool("no-stdin", null, "Do not attach STDIN");
            BoolFlag sigProxy = flags.Bool("sig-proxy", null, "Proxy all received signals to the process", defaultValue: true);
            StringFlag detachKeys = flags.String("detach-keys", null, "Override the key sequence for detaching a container");
            return (cli, args, ct) => AttachAsync(cli, args[0], !noStdin.Value, sigProxy.Value, detachKeys.Value, ct);
        },
    };

    private static async Task<int> AttachAsync(Invocation cli, string container, bool wantStdin, bool sigProxy, string detachKeysFlag, CancellationToken cancellationToken)
    {
        ContainerInspectResponse c = await InspectRunningAsync(cli, container, cancellationToken).ConfigureAwait(false);
        // docker waits for "not-running" from before the attach, so an exit during it is not missed.
        Task<int> status = await ContainerExit.WatchAsync(cli, container, "", cancellationToken).ConfigureAwait(false);
        ContainerStreams.CheckTty(cli, wantStdin, c.Config.Tty);
        bool stdin = wantStdin && c.Config.OpenStdin;
        string keys = detachKeysFlag.Length > 0 || !stdin ? detachKeysFlag : cli.Config.DetachKeys;
        using SignalProxy? proxy = sigProxy && !c.Config.Tty ? SignalProxy.Start(signal => RunCommand.KillAsync(cli, container, signal)) : null;

        using HijackedStream connection = await ContainerStreams.AttachAsync(cli, container, stdin, true, true, keys, cancellationToken).ConfigureAwait(false);
        // It may have stopped meanwhile: an attach to a stopped container would wait forever.
        await InspectRunningAsync(cli, container, cancellationToken).ConfigureAwait(false);

        InteractiveSession session = ContainerStreams.Session(cli, connection, c.Config.Tty, stdin, true, true, keys);
        Task<SessionEnd> streaming = session.RunAsync(cancellationToken);
        ResizeForwarder? resize = null;
        try
        {
            if (c.Config.Tty && cli.Console.OutputIsTerminal)
            {
                // docker's resizeTTY: one size larger first, so a re-attached shell redraws its prompt.
                string path = ContainerBatch.PathOf(container);
                if (TerminalSize.Of(1) is TerminalSize size)
                {
                    try
                    {
                        await ContainerStreams.ResizeAsync(cli, path, size with { Rows = size.Rows + 1, Columns = size.Columns + 1 }, cancellationToken).ConfigureAwait(false);
                    }
                    catch (DaemonError)
                    {
                    }
                }
                resize = await ContainerStreams.MonitorTtySizeAsync(cli, path, cancellationToken).ConfigureAwait(false);
            }
            if (await RunCommand.SessionAsync(streaming).ConfigureAwait(false) == SessionEnd.Detached)
                throw new CliError("read escape sequence");
        }
        finally
        {
            resize?.Dispose();
        }
        return RunCommand.ExitWith(await status.ConfigureAwait(false));
    }

    private static async Task<ContainerInspectResponse> InspectRunningAsync(Invocation cli, string container, CancellationToken cancellationToken)
    {
        ContainerInspectResponse c = await ContainerInspection.GetAsync(cli, container, cancellationToken).ConfigureAwait(false);
        if (!c.State.Running) throw new CliError("You cannot attach to a stopped container, start it first");
        if (c.State.Paused) throw new CliError("You cannot attach to a paused container, unpause it first");
        if (c.State.Restarting) throw new CliError("You cannot attach to a restarting container, wait until it is running");
        return c;
    }
}
