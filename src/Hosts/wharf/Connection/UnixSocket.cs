using System.Net.Sockets;

namespace Wharf.Cli.Connection;

internal static class UnixSocket
{
    /// <summary>Connects a stream socket to <paramref name="path"/>; the returned stream owns it.</summary>
    public static async ValueTask<Stream> ConnectAsync(string path, CancellationToken cancellationToken) =>
        new NetworkStream(await ConnectSocketAsync(path, cancellationToken).ConfigureAwait(false), ownsSocket: true);

    public static async ValueTask<Socket> ConnectSocketAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
