using System.Buffers;
using Wharf.Api.Streams;

namespace Wharf.Cli.Terminal;

/// <summary>How copying stdin to the container ended.</summary>
internal enum StdinOutcome
{
    /// <summary>stdin reached EOF; the connection was half-closed so the container sees it too.</summary>
    EndOfInput,

    /// <summary>The detach sequence was typed; the container keeps running.</summary>
    Detached,

    /// <summary>Writing to the connection failed (the daemon closed it).</summary>
    ConnectionClosed,
}

/// <summary>
/// Copies stdin to a hijacked connection (docker's beginInputStream). Reading a terminal blocks a
/// thread, so the copy runs on its own background thread, which the process may leave blocked in
/// read(2) when the session ends first.
/// </summary>
internal static class StdinPump
{
    /// <param name="detachKeys">Keys to watch for (null: none, as for a non-TTY session).</param>
    /// <param name="endOfInput">Half-closes the connection (shutdown SHUT_WR) after stdin's EOF.</param>
    public static Task<StdinOutcome> Start(Stream input, Stream connection, ReadOnlyMemory<byte>? detachKeys, Action endOfInput)
    {
        var done = new TaskCompletionSource<StdinOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        EscapeSequenceDetector? detector = detachKeys is { IsEmpty: false } keys ? new EscapeSequenceDetector(keys) : null;
        var thread = new Thread(() => done.TrySetResult(Copy(input, connection, detector, endOfInput)))
        {
            IsBackground = true,
            Name = "stdin",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Copies until EOF, detach or a dead connection; runs on the caller's thread.</summary>
    internal static StdinOutcome Copy(Stream input, Stream connection, EscapeSequenceDetector? detector, Action endOfInput)
    {
        byte[] buffer = new byte[32 * 1024];
        var forward = new ArrayBufferWriter<byte>(buffer.Length);
        while (true)
        {
            int n;
            try
            {
                n = input.Read(buffer, 0, buffer.Length);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                n = 0; // an unreadable stdin ends input like an EOF, as in docker
            }
            forward.ResetWrittenCount();
            bool detach = false;
            if (n == 0) detector?.Flush(forward);
            else if (detector is null) forward.Write(buffer.AsSpan(0, n));
            else detach = detector.Feed(buffer.AsSpan(0, n), forward);

            if (forward.WrittenCount > 0 && !TryWrite(connection, forward.WrittenMemory)) return StdinOutcome.ConnectionClosed;
            if (detach) return StdinOutcome.Detached;
            if (n == 0)
            {
                endOfInput();
                return StdinOutcome.EndOfInput;
            }
        }
    }

    private static bool TryWrite(Stream connection, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            connection.Write(bytes.Span);
            connection.Flush();
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
