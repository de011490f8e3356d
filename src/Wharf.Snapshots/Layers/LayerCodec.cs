using Wharf.Core.Images;
using System.IO.Compression;
using ZstdSharp;

namespace Wharf.Snapshots.Layers;

/// <summary>Layer compression: sniffed from magic bytes when reading, chosen when writing.</summary>
internal static class LayerCodec
{
    /// <summary>The uncompressed tar stream of <paramref name="layer"/> and the compression found.</summary>
    public static async Task<(Stream Tar, LayerCompression Compression)> OpenReadAsync(Stream layer, CancellationToken cancellationToken)
    {
        try
        {
            return await CompressedStream.OpenAsync(layer, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            throw LayerError.Archive("xz and bzip2 layers are not supported (OCI layers are plain, gzip or zstd)");
        }
    }

    /// <summary>A stream that compresses into <paramref name="output"/>; disposing it ends the compressed stream, not the output.</summary>
    public static Stream OpenWrite(Stream output, LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
        LayerCompression.Zstd => new CompressionStream(output, level: 3, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(compression)),
    };

    /// <summary>True for the exceptions a corrupt compressed stream raises, so they become a clear layer error.</summary>
    public static bool IsCorruption(Exception e) => CompressedStream.IsCorruption(e);
}
