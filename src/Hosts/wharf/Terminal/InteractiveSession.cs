namespace Wharf.Cli.Terminal;

/// <summary>How an attached session ended.</summary>
internal enum SessionEnd
{
    /// <summary>The container's output ended (it exited, or the daemon closed the stream).</summary>
    OutputEnded,

    /// <summary>The user typed the detach keys; the container keeps running.</summary>
    Detached,
}

/// <summary>
/// Streams a hijacked connection to the terminal and stdin back (docker's hijackedIOStreamer):
/// with a TTY the terminal goes raw and stdin passes through the detach-key proxy; output is
/// copied as is (TTY) or demultiplexed; stdin's EOF half-closes the connection and the session
/// waits for the output to end. The terminal is restored as soon as the output ends or the user
/// detaches, before anything else is printed.
/// </summary>
internal sealed class InteractiveSession
{
    /// <summary>Splits a multiplexed (non-TTY) stream into stdout and stderr (stdcopy, from Wharf.Api).</summary>
    public delegate Task Demultiplexer(Stream source, Stream stdout, Stream stderr, CancellationToken cancellationToken);

    public required Stream Connection { get; init; }

    /// <summary>Half-closes <see cref="Connection"/> (shutdown SHUT_WR) when stdin ends.</summary>
    public required Action CloseWrite { get; init; }

    /// <summary>The container (or exec) has a TTY: raw bytes both ways, detach keys active.</summary>
    public bool Tty { get; init; }

    /// <summary>stdin, when attached (-i); null otherwise.</summary>
    public Stream? Input { get; init; }

    /// <summary>The terminal to put into raw mode (stdin's fd) when <see cref="Tty"/> and input is attached.</summary>
    public int? TerminalFd { get; init; }

    public required Stream Output { get; init; }
    public Stream? ErrorOutput { get; init; }

    /// <summary>Keys that detach (default ctrl-p,ctrl-q); only watched with a TTY, as docker does.</summary>
    public ReadOnlyMemory<byte> DetachKeys { get; init; } = Api.Streams.DetachKeys.Default;

    /// <summary>Needed for non-TTY output; without it the stream is copied unchanged.</summary>
    public Demultiplexer? Demultiplex { get; init; }

    public Func<string, string?> Environment { get; init; } = _ => null;

    public async Task<SessionEnd> RunAsync(CancellationToken cancellationToken)
    {
        RawTerminal? raw = Input is not null && Tty && TerminalFd is int fd ? RawTerminal.Enter(fd, Environment) : null;
        try
        {
            Task output = CopyOutputAsync(raw, cancellationToken);
            Task<StdinOutcome>? input = Input is null
                ? null
                : StdinPump.Start(Input, Connection, Tty ? DetachKeys : (ReadOnlyMemory<byte>?)null, CloseWrite);

            if (input is null)
            {
                await output.ConfigureAwait(false);
                return SessionEnd.OutputEnded;
            }
            Task first = await Task.WhenAny(output, input).ConfigureAwait(false);
            if (first == output)
            {
                await output.ConfigureAwait(false);
                return SessionEnd.OutputEnded;
            }
            if (await input.ConfigureAwait(false) == StdinOutcome.Detached)
            {
                raw?.Restore();
                return SessionEnd.Detached;
            }
            // stdin ended (and the daemon was told): the output decides when we are done.
            await output.ConfigureAwait(false);
            return SessionEnd.OutputEnded;
        }
        finally
        {
            raw?.Dispose();
        }
    }

    private async Task CopyOutputAsync(RawTerminal? raw, CancellationToken cancellationToken)
    {
        if (Tty || Demultiplex is null)
        {
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = await Connection.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await Output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            raw?.Restore();
            return;
        }
        await Demultiplex(Connection, Output, ErrorOutput ?? Output, cancellationToken).ConfigureAwait(false);
    }
}
