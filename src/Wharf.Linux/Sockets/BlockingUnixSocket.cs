using System.Runtime.InteropServices;
using Wharf.Linux.Interop;

namespace Wharf.Linux.Sockets;

/// <summary>
/// A connected Unix stream socket driven by plain blocking send(2)/recv(2) on the caller's thread.
/// For a short-lived client that does one exchange at a time: System.Net.Sockets would start its
/// event thread (and probe IPv4/IPv6 support) for the first socket. <see cref="Abort"/>, from any
/// thread, ends a blocked call: the caller then sees the end of the stream.
/// </summary>
public sealed unsafe class BlockingUnixSocket : IDisposable
{
    private int _fd;

    private BlockingUnixSocket(int fd) => _fd = fd;

    /// <summary>Connects to <paramref name="path"/>; a <see cref="LinuxException"/> carries connect's errno.</summary>
    public static BlockingUnixSocket Connect(string path) => new(ScmRights.Connect(path));

    /// <summary>Sends all of <paramref name="data"/> (no SIGPIPE: a closed peer is EPIPE).</summary>
    public void Send(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = Libc.Send(Descriptor, p + done, (nuint)(data.Length - done), Libc.MSG_NOSIGNAL);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Errno.EINTR) continue;
                    throw LinuxException.FromLastError("send");
                }
                done += (int)n;
            }
        }
    }

    /// <summary>Receives what is there (waiting for something); 0 at the peer's end or after <see cref="Abort"/>.</summary>
    public int Receive(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Libc.Recv(Descriptor, p, (nuint)buffer.Length, 0);
                if (n >= 0) return (int)n;
                if (Marshal.GetLastPInvokeError() != Errno.EINTR) throw LinuxException.FromLastError("recv");
            }
        }
    }

    /// <summary>Shuts the socket down both ways, which wakes a call blocked in it; the descriptor stays open until disposal.</summary>
    public void Abort()
    {
        int fd = Volatile.Read(ref _fd);
        if (fd >= 0) Libc.Shutdown(fd, Libc.SHUT_RDWR);
    }

    private int Descriptor => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(BlockingUnixSocket));

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Libc.Close(fd);
    }
}
