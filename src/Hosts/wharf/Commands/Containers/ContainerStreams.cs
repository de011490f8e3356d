using Wharf.Api.Streams;
using Wharf.Cli.Connection;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// The CLI's end of an attached container or exec: the hijacked connection to the terminal and
/// back (docker's attachContainer and hijackedIOStreamer set-up), the TTY check, and the pty's
/// size kept in step with the user's terminal.
/// </summary>
internal static class ContainerStreams
{
    /// <summary>docker's CheckTty: -it needs a terminal on stdin.</summary>
    public static void CheckTty(Invocation cli, bool attachStdin, bool tty)
    {
        if (tty && attachStdin && !cli.Console.InputIsTerminal) throw new CliError("the input device is not a TTY");
    }

    /// <summary>POST /containers/{id}/attach?stream=1&amp;... hijacked.</summary>
    public static Task<HijackedStream> AttachAsync(Invocation cli, string id, bool stdin, bool stdout, bool stderr, string detachKeys, CancellationToken cancellationToken)
    {
        Query query = new Query().Flag("stream", true).Flag("stdin", stdin).Flag("stdout", stdout).Flag("stderr", stderr).AddIfNotEmpty("detachKeys", detachKeys);
        return cli.Daemon.HijackAsync($"/containers/{Uri.EscapeDataString(id)}/attach", query, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The streamer for a hijacked connection: stdin (raw on a TTY, detach keys watched) when
    /// attached, stdout and stderr (a TTY's stderr is in its stdout) when asked for.
    /// </summary>
    public static InteractiveSession Session(Invocation cli, HijackedStream connection, bool tty, bool stdin, bool stdout, bool stderr, string detachKeys)
    {
        Stream output = stdout ? cli.Console.OutputBytes() : Stream.Null;
        return new InteractiveSession
        {
            Connection = connection,
            CloseWrite = connection.CloseWrite,
            Tty = tty,
            Input = stdin ? cli.Console.OpenInput() : null,
            TerminalFd = cli.Console.InputIsTerminal ? 0 : null,
            Output = output,
            ErrorOutput = !stderr ? Stream.Null : tty ? output : cli.Console.ErrorBytes(),
            DetachKeys = cli.DetachKeys(detachKeys),
            Demultiplex = tty ? null : Demultiplex,
            Environment = cli.Console.Environment,
        };
    }

    private static Task Demultiplex(Stream source, Stream stdout, Stream stderr, CancellationToken cancellationToken) =>
        StdFrameReader.DemultiplexAsync(source, stdout, stderr, cancellationToken);

    /// <summary>
    /// docker's MonitorTtySize: the container's (or exec's) pty takes the size of the terminal on
    /// stdout now and on every SIGWINCH. Null when stdout is not a terminal.
    /// </summary>
    public static async Task<ResizeForwarder?> MonitorTtySizeAsync(Invocation cli, string path, CancellationToken cancellationToken)
    {
        if (!cli.Console.OutputIsTerminal) return null;
        return await ResizeForwarder.StartAsync(1, (size, ct) => ResizeAsync(cli, path, size, ct), cli.Error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POST {path}/resize?h=&amp;w= ("/containers/ID" or "/exec/ID").</summary>
    public static async Task ResizeAsync(Invocation cli, string path, TerminalSize size, CancellationToken cancellationToken)
    {
        Query query = new Query().Add("h", size.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("w", size.Columns.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using HttpResponseMessage _ = await cli.Daemon.SendAsync(HttpMethod.Post, path + "/resize", query, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The terminal's size on stdout as [rows, columns]; [0, 0] when it is not a terminal (docker's GetTtySize).</summary>
    public static (int Rows, int Columns) ConsoleSize(Invocation cli) =>
        cli.Console.OutputIsTerminal && TerminalSize.Of(1) is TerminalSize size ? (size.Rows, size.Columns) : (0, 0);
}
