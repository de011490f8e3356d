using System.Buffers;
using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Content;

/// <summary>Reading small blobs whole, with a bound the caller chooses.</summary>
public static class ContentProviderExtensions
{
    /// <summary>
    /// Reads a blob whole, refusing one larger than <paramref name="maxSize"/> before buffering
    /// more than that, and checks its digest (cheap for the small documents this is for; it turns
    /// on-disk corruption into an error rather than a wrong image).
    /// </summary>
    public static async ValueTask<byte[]> ReadBlobAsync(this IContentProvider provider, Digest digest, long maxSize,
        CancellationToken cancellationToken = default)
    {
        await using var stream = await provider.OpenReadAsync(digest, cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek && stream.Length > maxSize) throw TooLarge(digest, stream.Length, maxSize);

        var buffer = new ArrayBufferWriter<byte>(stream.CanSeek ? (int)Math.Clamp(stream.Length, 1, 1 << 20) : 16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            int read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > maxSize) throw TooLarge(digest, buffer.WrittenCount, maxSize);
        }

        byte[] content = buffer.WrittenSpan.ToArray();
        var actual = ContentHash.Of(digest.Algorithm, content);
        if (actual != digest) throw WharfException.Invalid($"blob {digest} is corrupt: its content has digest {actual}");
        return content;
    }

    /// <summary>
    /// Reads the blob a descriptor names: the descriptor's own size is checked against the bound
    /// first (nothing is read for an oversized one), and the content must have that size.
    /// </summary>
    public static async ValueTask<byte[]> ReadBlobAsync(this IContentProvider provider, Descriptor descriptor, long maxSize,
        CancellationToken cancellationToken = default)
    {
        if (descriptor.Size > maxSize) throw TooLarge(descriptor.Digest, descriptor.Size, maxSize);
        byte[] content = await provider.ReadBlobAsync(descriptor.Digest, maxSize, cancellationToken).ConfigureAwait(false);
        if (content.Length != descriptor.Size)
            throw WharfException.Invalid($"size mismatch for {descriptor.Digest}: expected {descriptor.Size} bytes, got {content.Length}");
        return content;
    }

    private static WharfException TooLarge(Digest digest, long size, long maxSize) =>
        WharfException.Invalid($"blob {digest} is too large: {size} bytes, at most {maxSize} accepted");
}
