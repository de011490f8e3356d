using System.Buffers;
using Wharf.Api.Streams;
using Wharf.Shim;

namespace Wharf.Daemon.Http;

/// <summary>
/// Joins a client's hijacked connection to a shim stream: output flows to the client as the shim frames
/// it; the client's stdin flows to the shim through Docker's detach-key escape. The client's half-close
/// closes the process's stdin; the end of the output ends the bridge; the detach keys end it at once
/// (the process keeps running).
/// </summary>
internal static class StreamBridge
{
    /// <returns>True when the client detached with the escape keys, false when the output ended.</returns>
    public static async Task<bool> RunAsync(Stream client, ShimStream shim, bool stdin, ReadOnlyMemory<byte> detachKeys, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = CopyOutputAsync(shim, client, stop.Token);
        var input = stdin ? PumpInputAsync(client, shim, detachKeys, stop.Token) : Task.FromResult(false);

        var first = await Task.WhenAny(output, input).ConfigureAwait(false);
        if (first == input && await input.ConfigureAwait(false))
        {
            stop.Cancel();
            await Quietly(output).ConfigureAwait(false);
            return true;
        }
        await Quietly(output).ConfigureAwait(false);
        stop.Cancel();
        await Quietly(input).ConfigureAwait(false);
        return false;
    }

    private static async Task CopyOutputAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(32 * 1024);
        try
        {
            while (true)
            {
                int read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0) return;
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                await to.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <returns>True when the detach keys were typed.</returns>
    private static async Task<bool> PumpInputAsync(Stream client, ShimStream shim, ReadOnlyMemory<byte> detachKeys, CancellationToken cancellationToken)
    {
        var detector = new EscapeSequenceDetector(detachKeys);
        var forward = new ArrayBufferWriter<byte>(4096);
        byte[] buffer = new byte[16 * 1024];
        while (true)
        {
            int read = await client.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                forward.ResetWrittenCount();
                detector.Flush(forward);
                if (forward.WrittenCount > 0) await shim.WriteAsync(forward.WrittenMemory, cancellationToken).ConfigureAwait(false);
                shim.CloseInput();
                return false;
            }
            forward.ResetWrittenCount();
            bool detach = detector.Feed(buffer.AsSpan(0, read), forward);
            if (forward.WrittenCount > 0) await shim.WriteAsync(forward.WrittenMemory, cancellationToken).ConfigureAwait(false);
            if (detach) return true;
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The other side went away: nothing to tell anyone.
        }
    }
}
