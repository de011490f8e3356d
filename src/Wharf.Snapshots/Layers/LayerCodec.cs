using Wharf.Core.Images;
using System.IO.Compression;
using ZstdSharp;

namespace Wharf.Snapshots.Layers;

/// <summary>Layer compression: sniffed from magic bytes when reading, chosen when writing.</summary>
internal static class LayerCodec
{
    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];
    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xb5, 0x2f, 0xfd];
    private static ReadOnlySpan<byte> XzMagic => [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0];
    private static ReadOnlySpan<byte> Bzip2Magic => "BZh"u8;

    /// <summary>The uncompressed tar stream of <paramref name="layer"/> and the compression found.</summary>
    public static async Task<(Stream Tar, LayerCompression Compression)> OpenReadAsync(Stream layer, CancellationToken cancellationToken)
    {
        var magic = new byte[6];
        int read = await layer.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var head = magic.AsSpan(0, read);
        var replay = new PrefixedStream(magic.AsMemory(0, read), layer);
        if (head.StartsWith(GzipMagic)) return (new GZipStream(replay, CompressionMode.Decompress), LayerCompression.Gzip);
        if (head.StartsWith(ZstdMagic)) return (new DecompressionStream(replay, checkEndOfStream: true, leaveOpen: false), LayerCompression.Zstd);
        if (head.StartsWith(XzMagic) || head.StartsWith(Bzip2Magic))
            throw LayerError.Archive("xz and bzip2 layers are not supported (OCI layers are plain, gzip or zstd)");
        return (replay, LayerCompression.None);
    }

    /// <summary>A stream that compresses into <paramref name="output"/>; disposing it ends the compressed stream, not the output.</summary>
    public static Stream OpenWrite(Stream output, LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
        LayerCompression.Zstd => new CompressionStream(output, level: 3, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(compression)),
    };

    /// <summary>True for the exceptions a corrupt compressed stream raises, so they become a clear layer error.</summary>
    public static bool IsCorruption(Exception e) => e is InvalidDataException or ZstdException;
}
