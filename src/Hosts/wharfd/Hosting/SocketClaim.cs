using System.Net.Sockets;

namespace Wharf.Daemon.Hosting;

/// <summary>
/// Makes the socket path free for this daemon: a socket file nobody answers on is stale (a crash
/// left it) and is removed; a socket someone answers on means another daemon runs, and we refuse.
/// After the bind, the socket is made 0660 (root and the socket's group only).
/// </summary>
internal static class SocketClaim
{
    public static void Prepare(string path)
    {
        string? directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        if (!File.Exists(path) && !Directory.Exists(path)) return;

        var attributes = File.GetAttributes(path);
        if (attributes.HasFlag(FileAttributes.Directory))
            throw new InvalidOperationException($"{path} is a directory, not a socket");
        if (IsAnswered(path))
            throw new InvalidOperationException($"another daemon is listening on {path}: stop it first, or use -H to pick another socket");
        // Not answered: a stale socket (or a leftover file) from a daemon that did not clean up.
        File.Delete(path);
    }

    /// <summary>0660: the API is root's (and its group's), as Docker's socket is.</summary>
    public static void Restrict(string path) =>
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);

    private static bool IsAnswered(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            var connect = socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
            return connect.Wait(TimeSpan.FromSeconds(2)) && socket.Connected;
        }
        catch (AggregateException e) when (e.InnerException is SocketException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
