using System.Security.Cryptography;
using Wharf.Core;

namespace Wharf.Snapshots.Layers;

/// <summary>
/// Passes bytes through in one direction (reads or writes) and keeps their sha256 and count: the
/// diffID of a tar as it streams by, or the digest of a compressed blob as it is written. With
/// <paramref name="hash"/> false it only counts (the digest is known from elsewhere).
/// </summary>
internal sealed class DigestStream(Stream inner, bool leaveOpen, bool hash = true) : Stream
{
    private readonly IncrementalHash? _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    /// <summary>The digest of everything that went through so far.</summary>
    public Digest Digest => Digest.FromSha256((_hash ?? throw new InvalidOperationException("this stream only counts")).GetCurrentHash());

    /// <summary>Bytes that went through so far.</summary>
    public long Count { get; private set; }

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Count; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = inner.Read(buffer);
        Take(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Take(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Take(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Take(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads to the end, so the digest covers trailing bytes after the tar's end marker (containerd does the same).</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => CopyToAsync(Null, cancellationToken);

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
            if (!leaveOpen) inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _hash?.Dispose();
        if (!leaveOpen) await inner.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private void Take(ReadOnlySpan<byte> bytes)
    {
        _hash?.AppendData(bytes);
        Count += bytes.Length;
    }
}
