using System.Globalization;

namespace Wharf.Cli.Connection.Http1;

/// <summary>
/// A response body as HTTP/1.1 frames it: Content-Length bytes, chunks, or everything up to the
/// close. Owns the connection and closes it when disposed or when the body has been read to its end.
/// </summary>
internal sealed class ResponseBody : Stream
{
    private const int MaxChunkLine = 4096;

    private readonly DaemonConnection _connection;
    private readonly Framing _framing;
    private long _remaining;   // bytes left in the body (Length) or in the current chunk (Chunked)
    private bool _done;

    private enum Framing { Empty, Length, Chunked, UntilClose }

    private ResponseBody(DaemonConnection connection, Framing framing, long remaining)
    {
        _connection = connection;
        _framing = framing;
        _remaining = remaining;
        if (framing == Framing.Empty || (framing == Framing.Length && remaining == 0)) Finish();
    }

    /// <summary>The body that follows <paramref name="head"/> (none for HEAD, 1xx, 204 and 304).</summary>
    public static ResponseBody For(DaemonConnection connection, ResponseHead head, bool isHead)
    {
        if (isHead || head.Status is < 200 or 204 or 304) return new ResponseBody(connection, Framing.Empty, 0);
        if (head.IsChunked) return new ResponseBody(connection, Framing.Chunked, 0);
        return head.ContentLength is long length
            ? new ResponseBody(connection, Framing.Length, length)
            : new ResponseBody(connection, Framing.UntilClose, 0);
    }

    public override bool CanRead => true;
    public override bool CanWrite => false;
    public override bool CanSeek => false;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_done || buffer.IsEmpty) return 0;
        switch (_framing)
        {
            case Framing.Length:
                {
                    int n = await _connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
                    if (n == 0) throw Truncated();
                    if ((_remaining -= n) == 0) Finish();
                    return n;
                }
            case Framing.Chunked:
                {
                    if (_remaining == 0 && !await NextChunkAsync(cancellationToken).ConfigureAwait(false)) return 0;
                    int n = await _connection.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
                    if (n == 0) throw Truncated();
                    if ((_remaining -= n) == 0 && (await _connection.ReadLineAsync(MaxChunkLine, cancellationToken).ConfigureAwait(false)).Length != 0)
                        throw new CliError("the daemon sent a malformed chunked body"); // a chunk ends with CRLF
                    return n;
                }
            default:
                {
                    int n = await _connection.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (n == 0) Finish();
                    return n;
                }
        }
    }

    /// <summary>Reads a chunk-size line; false (and the trailers consumed) at the last chunk.</summary>
    private async ValueTask<bool> NextChunkAsync(CancellationToken cancellationToken)
    {
        string line = await _connection.ReadLineAsync(MaxChunkLine, cancellationToken).ConfigureAwait(false);
        string size = line.Split(';', 2)[0].Trim();
        if (!long.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long length) || length < 0)
            throw new CliError("the daemon sent a malformed chunked body");
        if (length > 0)
        {
            _remaining = length;
            return true;
        }
        while ((await _connection.ReadLineAsync(MaxChunkLine, cancellationToken).ConfigureAwait(false)).Length > 0)
        {
            // trailers: none that a client of the Engine API uses
        }
        Finish();
        return false;
    }

    private static CliError Truncated() => new("the daemon closed the connection in the middle of a response");

    /// <summary>The whole body has been read: the connection has nothing more to give.</summary>
    private void Finish()
    {
        _done = true;
        _connection.Dispose();
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _connection.Dispose();
        base.Dispose(disposing);
    }
}
