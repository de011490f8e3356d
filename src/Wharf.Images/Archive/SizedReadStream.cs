using Wharf.Core;

namespace Wharf.Images.Archive;

/// <summary>
/// A blob as a tar writer wants it: its length known up front (so headers are written before the
/// data, nothing buffered), and an error rather than a corrupt tar when the content turns out
/// shorter or longer than its descriptor says. Owns <paramref name="inner"/>.
/// </summary>
internal sealed class SizedReadStream(Stream inner, Digest digest, long size) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanWrite => false;
    public override bool CanSeek => true; // for Length and Position only: TarWriter asks them to size the entry
    public override long Length => size;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, size - _position + 1)]);
        return Account(read);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        int read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, size - _position + 1)], cancellationToken).ConfigureAwait(false);
        return Account(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Account(int read)
    {
        _position += read;
        if (_position > size) throw WharfException.Invalid($"blob {digest} is larger than its descriptor's {size} bytes");
        if (read == 0 && _position < size)
            throw WharfException.Invalid($"blob {digest} is shorter than its descriptor's {size} bytes: {_position}");
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
