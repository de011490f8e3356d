using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// `wharf start`: without -a/-i each container is started and its name printed; with them (one
/// container) docker's RunStart — attach, watch for the exit, start, stream, exit with the
/// container's status.
/// </summary>
internal static class StartCommand
{
    public static CommandSpec Create() => new("start [OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers")
    {
        Args = ArgsRule.AtLeast(1),
        AliasesLine = "wharf container start, wharf start",
        Setup = flags =>
        {
            BoolFlag attach = flags.Bool("attach", 'a', "Attach STDOUT/STDERR and forward signals");
            BoolFlag interactive = flags.Bool("interactive", 'i', "Attach container's STDIN");
            StringFlag detachKeys = flags.String("detach-keys", null, "Override the key sequence for detaching a container");
            StringFlag checkpoint = flags.String("checkpoint", null, "Restore from this checkpoint");
            flags.String("checkpoint-dir", null, "Use a custom checkpoint storage directory");
            return async (cli, args, ct) =>
            {
                if (checkpoint.Value.Length > 0 && !attach.Value && !interactive.Value)
                    throw new CliError("checkpoints are not supported by wharf");
                if (attach.Value || interactive.Value)
                {
                    if (args.Count > 1) throw new CliError("you cannot start and attach multiple containers at once");
                    return await StartAttachedAsync(cli, args[0], interactive.Value, detachKeys.Value, ct).ConfigureAwait(false);
                }
                var failed = new List<string>();
                foreach (string name in args)
                {
                    try
                    {
                        await ContainerBatch.PostAsync(cli, $"{ContainerBatch.PathOf(name)}/start", null, ct).ConfigureAwait(false);
                        cli.Out.WriteLine(name);
                    }
                    catch (DaemonError e)
                    {
                        cli.Error.WriteLine(e.Display);
                        failed.Add(name);
                    }
                }
                if (failed.Count > 0) throw new CliError($"Error: failed to start containers: {string.Join(", ", failed)}");
                return 0;
            };
        },
    };

    private static async Task<int> StartAttachedAsync(Invocation cli, string container, bool interactive, string detachKeysFlag, CancellationToken cancellationToken)
    {
        ContainerInspectResponse c = await ContainerInspection.GetAsync(cli, container, cancellationToken).ConfigureAwait(false);
        string id = c.Id;
        bool tty = c.Config.Tty;
        using SignalProxy? proxy = tty ? null : SignalProxy.Start(signal => RunCommand.KillAsync(cli, id, signal));
        bool stdin = interactive && c.Config.OpenStdin;
        string keys = detachKeysFlag.Length > 0 || !stdin ? detachKeysFlag : cli.Config.DetachKeys;

        using HijackedStream connection = await ContainerStreams.AttachAsync(cli, id, stdin, true, true, keys, cancellationToken).ConfigureAwait(false);
        InteractiveSession session = ContainerStreams.Session(cli, connection, tty, stdin, true, true, keys);
        Task<SessionEnd> streaming = session.RunAsync(cancellationToken);
        Task<int> status = await ContainerExit.WatchAsync(cli, id, c.HostConfig.AutoRemove ? "removed" : "next-exit", cancellationToken).ConfigureAwait(false);
        try
        {
            await ContainerBatch.PostAsync(cli, $"/containers/{Uri.EscapeDataString(id)}/start", null, cancellationToken).ConfigureAwait(false);
        }
        catch (DaemonError)
        {
            connection.Dispose();
            try
            {
                await streaming.ConfigureAwait(false);
            }
            catch (Exception ignored) when (ignored is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
            }
            if (c.HostConfig.AutoRemove) await status.ConfigureAwait(false);
            throw;
        }
        using ResizeForwarder? resize = tty
            ? await ContainerStreams.MonitorTtySizeAsync(cli, $"/containers/{Uri.EscapeDataString(id)}", cancellationToken).ConfigureAwait(false)
            : null;
        if (await RunCommand.SessionAsync(streaming).ConfigureAwait(false) == SessionEnd.Detached) return 0;
        return RunCommand.ExitWith(await status.ConfigureAwait(false));
    }
}
