using System.Collections.Concurrent;
using Wharf.Content;
using Wharf.Core;

namespace Wharf.Images.Tests.Archive;

/// <summary>A content store that counts the bytes read back from each blob: what "no file read twice" is checked with.</summary>
internal sealed class CountingContentStore(IContentStore inner) : IContentStore
{
    private readonly ConcurrentDictionary<Digest, long> _read = new();

    public long BytesRead(Digest digest) => _read.GetValueOrDefault(digest);

    public async ValueTask<Stream> OpenReadAsync(Digest digest, CancellationToken cancellationToken = default) =>
        new Counted(await inner.OpenReadAsync(digest, cancellationToken), count => _read.AddOrUpdate(digest, count, (_, total) => total + count));

    public ValueTask<ContentInfo> InfoAsync(Digest digest, CancellationToken cancellationToken = default) => inner.InfoAsync(digest, cancellationToken);
    public ValueTask<bool> ExistsAsync(Digest digest, CancellationToken cancellationToken = default) => inner.ExistsAsync(digest, cancellationToken);
    public ValueTask<IContentWriter> BeginIngestAsync(Digest? expected, long? expectedSize = null, CancellationToken cancellationToken = default) =>
        inner.BeginIngestAsync(expected, expectedSize, cancellationToken);
    public IAsyncEnumerable<ContentInfo> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);
    public ValueTask<bool> DeleteAsync(Digest digest, DateTimeOffset? committedBefore = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(digest, committedBefore, cancellationToken);

    private sealed class Counted(Stream stream, Action<long> count) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => stream.Length;
        public override long Position { get => stream.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int length)
        {
            int read = stream.Read(buffer, offset, length);
            count(read);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await stream.ReadAsync(buffer, cancellationToken);
            count(read);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, length), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int length) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) stream.Dispose();
            base.Dispose(disposing);
        }
    }
}
