using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Wharf.Daemon.Http;

/// <summary>
/// Connection middleware that makes Kestrel speak Docker's hijack protocol. Two things differ.
/// <para>
/// Half-close: the CLI half-closes (FIN) when its stdin ends and keeps reading output; Kestrel
/// takes a FIN as "client gone" and aborts the response. So the connection's ConnectionClosed
/// token, which Kestrel's HTTP layer watches, is replaced by one that follows the socket's only
/// until the request is hijacked (<see cref="MarkHijacked"/>); after that a FIN just ends stdin,
/// and a client that is really gone shows up as a failed write.
/// </para>
/// <para>
/// A body on an upgrade request. `docker exec -it` sends <c>POST /exec/ID/start</c> with
/// <c>Connection: Upgrade</c> AND a JSON body (Content-Length); Kestrel only upgrades requests
/// without a body, and would read the client's stdin after the body as the next request. So, on the
/// first request of a connection only (the CLI hijacks on a fresh connection), this connection
/// middleware takes such a body off the wire, keeps it in the connection's items for
/// <see cref="RequestBody"/>, and hands Kestrel the head without Content-Length. Every other
/// connection is left untouched: its bytes are only peeked at.
/// </para>
/// </summary>
internal static class HijackConnection
{
    private const string StateKey = "wharf.hijack";
    private const int MaxHead = 32 * 1024;
    private const int MaxBody = 64 * 1024;

    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware => next => connection => RunAsync(connection, next);

    /// <summary>The body captured for this request's connection (once), or null.</summary>
    public static byte[]? TakeBody(HttpContext context) => StateOf(context) is { } state ? Interlocked.Exchange(ref state.Body, null) : null;

    /// <summary>Called just before the upgrade: from now on a FIN from the client means "stdin ended", not "gone".</summary>
    public static void MarkHijacked(HttpContext context)
    {
        if (StateOf(context) is { } state) state.Hijacked = true;
    }

    private static ConnectionState? StateOf(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(StateKey, out object? state) == true ? state as ConnectionState : null;

    private sealed class ConnectionState
    {
        public byte[]? Body;
        public volatile bool Hijacked;
    }

    private static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var state = new ConnectionState();
        connection.Items[StateKey] = state;
        var socketClosed = connection.ConnectionClosed;
        using var closed = new CancellationTokenSource();
        using var forward = socketClosed.Register(() =>
        {
            if (!state.Hijacked) closed.Cancel();
        });
        connection.ConnectionClosed = closed.Token;
        try
        {
            await CaptureAsync(connection, next, state, socketClosed);
        }
        finally
        {
            connection.ConnectionClosed = socketClosed;
        }
    }

    private static async Task CaptureAsync(ConnectionContext connection, ConnectionDelegate next, ConnectionState state, CancellationToken token)
    {
        var input = connection.Transport.Input;
        int headLength, bodyLength = 0;
        byte[]? newHead;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var buffer = result.Buffer;
            headLength = HeadLength(buffer);
            if (headLength < 0 && !result.IsCompleted && buffer.Length < MaxHead)
            {
                input.AdvanceTo(buffer.Start, buffer.End); // nothing consumed; wait for more
                continue;
            }
            newHead = headLength < 0 ? null : Rewrite(buffer.Slice(0, headLength), out bodyLength);
            if (newHead is null)
            {
                input.AdvanceTo(buffer.Start); // consumed and examined nothing: Kestrel reads it all again at once
                await next(connection);
                return;
            }
            input.AdvanceTo(buffer.Start);
            break;
        }

        // Read the body that follows the head, then splice: new head + the rest of the stream.
        byte[] body;
        while (true)
        {
            var result = await input.ReadAsync(token);
            var buffer = result.Buffer;
            if (buffer.Length >= headLength + bodyLength)
            {
                body = buffer.Slice(headLength, bodyLength).ToArray();
                input.AdvanceTo(buffer.GetPosition(headLength + bodyLength));
                break;
            }
            if (result.IsCompleted) { input.AdvanceTo(buffer.End); return; } // the client went away mid-body
            input.AdvanceTo(buffer.Start, buffer.End);
        }
        state.Body = body;

        var relay = new Pipe();
        await relay.Writer.WriteAsync(newHead, token);
        var original = connection.Transport;
        using var stop = new CancellationTokenSource();
        var pump = PumpAsync(original.Input, relay.Writer, stop.Token);
        connection.Transport = new SplicedPipe(relay.Reader, original.Output);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = original;
            await stop.CancelAsync();
            original.Input.CancelPendingRead();
            await pump;
        }
    }

    private static async Task PumpAsync(PipeReader from, PipeWriter to, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            await from.CopyToAsync(to, token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            failure = e;
        }
        await to.CompleteAsync(failure);
    }

    /// <summary>The length of the request head including its blank line, or -1 when it has not all arrived.</summary>
    private static int HeadLength(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer.Length > MaxHead ? buffer.Slice(0, MaxHead) : buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8, advancePastDelimiter: true) ? (int)reader.Consumed : -1;
    }

    /// <summary>The head without its Content-Length when it is an upgrade request with a small body; else null.</summary>
    private static byte[]? Rewrite(ReadOnlySequence<byte> head, out int bodyLength)
    {
        bodyLength = 0;
        string text = Encoding.Latin1.GetString(head);
        string[] lines = text.Split("\r\n");
        bool upgrade = false, chunked = false;
        int lengthLine = -1;
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':');
            if (colon <= 0) continue;
            string name = lines[i][..colon].Trim(), value = lines[i][(colon + 1)..].Trim();
            if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                upgrade |= value.Split(',').Any(token => token.Trim().Equals("upgrade", StringComparison.OrdinalIgnoreCase));
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                chunked = true;
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (lengthLine >= 0 || !int.TryParse(value, System.Globalization.NumberStyles.None, null, out bodyLength)) return null;
                lengthLine = i;
            }
        }
        if (!upgrade || chunked || lengthLine < 0 || bodyLength <= 0 || bodyLength > MaxBody) return null;
        var kept = lines.Where((_, i) => i != lengthLine);
        return Encoding.Latin1.GetBytes(string.Join("\r\n", kept));
    }

    private sealed class SplicedPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
