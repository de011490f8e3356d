using System.Net.Sockets;

namespace Wharf.Shim.Server;

/// <summary>
/// An attach or exec connection once its reply is sent: output flows to the client until it
/// ends; the client's bytes flow to the process's stdin (when it asked for stdin and the process
/// has one) on a thread of their own, since pipe writes block. At the client's end of input,
/// stdin is closed if <c>closeStdinAtEnd</c> (stdin-once; always for execs), else reading stops.
/// </summary>
internal static class ClientStream
{
    public static async Task RunAsync(Socket client, Stream stream, OutputSubscriber output, StdinSink? stdin, bool closeStdinAtEnd)
    {
        if (stdin is not null)
        {
            new Thread(() => CopyInput(client, stdin, closeStdinAtEnd), maxStackSize: 256 * 1024)
                { IsBackground = true, Name = "stdin" }.Start();
        }
        try
        {
            await output.SendAllAsync(stream, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the client went away, or was dropped for not keeping up
        }
        finally
        {
            try
            {
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static void CopyInput(Socket client, StdinSink stdin, bool closeStdinAtEnd)
    {
        byte[] buffer = new byte[32 * 1024];
        try
        {
            int n;
            while ((n = client.Receive(buffer)) > 0)
                if (!stdin.Write(buffer.AsSpan(0, n))) return;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // the connection is gone: that ends input too
        }
        if (closeStdinAtEnd) stdin.CloseInput();
    }
}
