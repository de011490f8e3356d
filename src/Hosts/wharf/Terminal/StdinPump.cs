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
    /// <param name="detachKeys">Keys to watch for (null: no detach proxy, as for a non-TTY session).</param>
    /// <param name="endOfInput">Half-closes the connection (shutdown SHUT_WR) after stdin's EOF.</param>
    public static Task<StdinOutcome> Start(Stream input, Stream connection, byte[]? detachKeys, Action endOfInput)
    {
        var done = new TaskCompletionSource<StdinOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Stream source = detachKeys is null ? input : new DetachKeyProxy(input, detachKeys);
        var thread = new Thread(() => done.TrySetResult(Copy(source, connection, endOfInput)))
        {
            IsBackground = true,
            Name = "stdin",
        };
        thread.Start();
        return done.Task;
    }

    private static StdinOutcome Copy(Stream source, Stream connection, Action endOfInput)
    {
        byte[] buffer = new byte[32 * 1024];
        while (true)
        {
            int n;
            try
            {
                n = source.Read(buffer, 0, buffer.Length);
            }
            catch (DetachRequested)
            {
                return StdinOutcome.Detached;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                n = 0; // an unreadable stdin ends input like an EOF, as in docker
            }
            if (n == 0)
            {
                endOfInput();
                return StdinOutcome.EndOfInput;
            }
            try
            {
                connection.Write(buffer, 0, n);
                connection.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                return StdinOutcome.ConnectionClosed;
            }
        }
    }
}
