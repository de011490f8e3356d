using System.Net.Sockets;
using Wharf.Linux;
using Wharf.Linux.Interop;
using Wharf.Linux.Sockets;

namespace Wharf.Cli.Connection.Http1;

/// <summary>
/// One HTTP/1.1 connection to the daemon's Unix socket: sends bytes, reads a response head, and
/// buffers what arrived behind the head for whoever reads the body (or, after a 101, the
/// container's streams). One request per connection: a CLI makes a handful, and a pool's
/// bookkeeping costs more than the connect it saves.
/// </summary>
/// <remarks>
/// A <see cref="Blocking"/> connection does its I/O on the calling thread with plain blocking
/// send/recv (<see cref="BlockingUnixSocket"/>): a command that makes one request after another
/// then never starts .NET's socket event thread or the thread pool (a few milliseconds of a short
/// command's life). Cancellation shuts the socket down, which ends a blocked call.
/// </remarks>
internal sealed class DaemonConnection : IDisposable
{
    /// <summary>A response head longer than this is not a daemon's.</summary>
    private const int MaxHead = 64 * 1024;

    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    private readonly Socket? _socket;
    private readonly BlockingUnixSocket? _blocking;
    private readonly CancellationTokenRegistration _cancellation;

    private DaemonConnection(Socket socket) => _socket = socket;

    private DaemonConnection(BlockingUnixSocket blocking, CancellationToken cancellationToken)
    {
        _blocking = blocking;
        _cancellation = cancellationToken.UnsafeRegister(static s => ((BlockingUnixSocket)s!).Abort(), blocking);
    }

    /// <summary>The socket of an asynchronous connection (a hijack hands it on).</summary>
    public Socket Socket => _socket ?? throw new InvalidOperationException("a blocking connection has no Socket");

    public bool Blocking => _blocking is not null;

    /// <summary>Connects; a daemon that is not there is a <see cref="SocketException"/> either way.</summary>
    public static async Task<DaemonConnection> OpenAsync(string socketPath, CancellationToken cancellationToken, bool blocking = false)
    {
        if (!blocking) return new(await UnixSocket.ConnectSocketAsync(socketPath, cancellationToken).ConfigureAwait(false));
        try
        {
            return new(BlockingUnixSocket.Connect(socketPath), cancellationToken);
        }
        catch (LinuxException e)
        {
            throw new SocketException((int)(e.Errno switch
            {
                Errno.EACCES or Errno.EPERM => SocketError.AccessDenied,
                Errno.ENOENT => SocketError.AddressNotAvailable, // no socket file
                _ => SocketError.ConnectionRefused,
            }));
        }
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            if (_blocking is not null)
            {
                _blocking.Send(data.Span);
                return;
            }
            while (!data.IsEmpty)
            {
                int sent = await _socket!.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                data = data[sent..];
            }
        }
        catch (Exception e) when (e is SocketException or LinuxException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new IOException($"write to the daemon: {e.Message}", e);
        }
    }

    /// <summary>Reads up to the empty line that ends a response head; 1xx heads other than 101 are skipped.</summary>
    public async Task<ResponseHead> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int end;
            while ((end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (_end - _start >= MaxHead) throw new CliError("the daemon's response head is too long");
                if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
                    throw new CliError("the daemon closed the connection before answering");
            }
            var head = ResponseHead.Parse(_buffer.AsSpan(_start, end));
            _start += end + 4;
            if (head.Status is >= 100 and < 200 and not 101) continue;
            return head;
        }
    }

    /// <summary>Bytes already buffered first, then the socket; 0 at the peer's end of stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_end == _start)
        {
            // Large reads skip the buffer.
            if (destination.Length >= _buffer.Length) return await ReceiveAsync(destination, cancellationToken).ConfigureAwait(false);
            if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0) return 0;
        }
        int n = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }

    /// <summary>A CRLF-terminated line (a chunk size); longer than <paramref name="limit"/> is an error.</summary>
    public async ValueTask<string> ReadLineAsync(int limit, CancellationToken cancellationToken)
    {
        int end;
        while ((end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            if (_end - _start > limit) throw new CliError("the daemon sent a malformed chunked body");
            if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
                throw new CliError("the daemon closed the connection in the middle of a response");
        }
        string line = System.Text.Encoding.ASCII.GetString(_buffer, _start, end);
        _start += end + 2;
        return line;
    }

    /// <summary>What was read past the head and not consumed (handed to a hijacked stream).</summary>
    public byte[] TakeBuffered()
    {
        byte[] rest = _buffer[_start.._end];
        _start = _end = 0;
        return rest;
    }

    private async ValueTask<int> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
        int read = await ReceiveAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read;
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            if (_blocking is null) return await _socket!.ReceiveAsync(destination, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            int read = _blocking.Receive(destination.Span);
            cancellationToken.ThrowIfCancellationRequested(); // an abort by the cancellation reads as an end
            return read;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset)
        {
            return 0;
        }
        catch (LinuxException e) when (e.Errno == Errno.ECONNRESET)
        {
            return 0;
        }
        catch (Exception e) when (e is SocketException or LinuxException)
        {
            // As NetworkStream does: callers handle a broken connection as an IOException.
            throw new IOException($"read from the daemon: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        _cancellation.Dispose();
        _socket?.Dispose();
        _blocking?.Dispose();
    }
}
