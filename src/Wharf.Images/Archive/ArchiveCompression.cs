using Wharf.Core.Images;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Archive;

/// <summary>Archives arrive plain, gzip- or zstd-compressed as a whole: told apart by magic bytes.</summary>
internal static class ArchiveCompression
{
    /// <summary>The uncompressed stream of <paramref name="input"/> (left open when it is returned as is).</summary>
    public static async Task<Stream> OpenAsync(Stream input, CancellationToken cancellationToken)
    {
        try
        {
            return (await CompressedStream.OpenAsync(input, cancellationToken).ConfigureAwait(false)).Stream;
        }
        catch (NotSupportedException)
        {
            throw ArchiveError.Invalid("xz and bzip2 compression are not supported (use plain, gzip or zstd)");
        }
    }

    /// <summary>What a blob's first bytes say its compression is.</summary>
    public static LayerCompression Sniff(ReadOnlySpan<byte> head) => CompressedStream.Sniff(head);

    /// <summary>A decompressing reader over <paramref name="blob"/>, which it owns.</summary>
    public static Stream Decompress(Stream blob, LayerCompression compression) => CompressedStream.Decompress(blob, compression);
}
