using System.Net.Sockets;

namespace Wharf.Cli.Connection;

/// <summary>
/// The duplex byte stream of a hijacked connection: reads return the container's output (the
/// bytes that arrived with the 101 first), writes go to its stdin, and <see cref="CloseWrite"/>
/// half-closes (shutdown SHUT_WR) so the daemon sees stdin's EOF while output keeps flowing.
/// </summary>
internal sealed class HijackedStream : Stream
{
    private readonly Socket _socket;
    private byte[] _pending;
    private int _pendingOffset;

    public HijackedStream(Socket socket, byte[] pending, string? contentType)
    {
        _socket = socket;
        _pending = pending;
        ContentType = contentType;
    }

    /// <summary>
    /// application/vnd.docker.raw-stream (TTY) or application/vnd.docker.multiplexed-stream;
    /// informational only: like docker, callers demultiplex iff they asked for no TTY.
    /// </summary>
    public string? ContentType { get; }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pendingOffset < _pending.Length)
        {
            int n = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
            _pending.AsMemory(_pendingOffset, n).CopyTo(buffer);
            _pendingOffset += n;
            if (_pendingOffset == _pending.Length) _pending = [];
            return n;
        }
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
            return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            int sent = await _socket.SendAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            buffer = buffer[sent..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Tells the daemon there is no more input; reading continues.</summary>
    public void CloseWrite()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // the peer is already gone: nothing left to tell it
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public override void Flush() { }
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _socket.Dispose();
        base.Dispose(disposing);
    }
}
