using System.Buffers;
using Wharf.Core;

namespace Wharf.Content;

/// <summary>Writing a whole blob in one call.</summary>
public static class ContentIngesterExtensions
{
    /// <summary>
    /// Stores <paramref name="content"/>, verified against <paramref name="expected"/> when given.
    /// Content already stored is committed again (which refreshes it), not skipped: see
    /// <see cref="ContentInfo.Committed"/>. <c>.Describe(mediaType)</c> on the result gives its descriptor.
    /// </summary>
    public static async ValueTask<ContentInfo> WriteBlobAsync(this IContentIngester ingester, ReadOnlyMemory<byte> content,
        Digest? expected = null, CancellationToken cancellationToken = default)
    {
        await using var writer = await ingester.BeginIngestAsync(expected, content.Length, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the rest of <paramref name="content"/>, verified as the ingester verifies.</summary>
    public static async ValueTask<ContentInfo> WriteBlobAsync(this IContentIngester ingester, Stream content,
        Digest? expected = null, long? expectedSize = null, CancellationToken cancellationToken = default)
    {
        await using var writer = await ingester.BeginIngestAsync(expected, expectedSize, cancellationToken).ConfigureAwait(false);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The writer as a write-only stream, for producers that push into a stream (a compressor,
    /// a tar writer). Disposing the stream leaves the writer as it is: commit or abort it after.
    /// </summary>
    public static Stream AsStream(this IContentWriter writer) => new ContentWriterStream(writer);
}
