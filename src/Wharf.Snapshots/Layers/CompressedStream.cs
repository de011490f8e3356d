using System.IO.Compression;
using Wharf.Core.Images;
using ZstdSharp;

namespace Wharf.Snapshots.Layers;

/// <summary>
/// Tar streams arrive plain, gzip- or zstd-compressed and are told apart by their magic bytes:
/// one reader for layers, image archives and imported root filesystems.
/// </summary>
public static class CompressedStream
{
    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];
    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xb5, 0x2f, 0xfd];
    private static ReadOnlySpan<byte> XzMagic => [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0];
    private static ReadOnlySpan<byte> Bzip2Magic => "BZh"u8;

    /// <summary>What a stream's first bytes say its compression is.</summary>
    public static LayerCompression Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith(GzipMagic) ? LayerCompression.Gzip
        : head.StartsWith(ZstdMagic) ? LayerCompression.Zstd
        : LayerCompression.None;

    /// <summary>
    /// The decompressed stream of <paramref name="input"/> (which it owns) and the compression found.
    /// xz and bzip2, which no OCI image uses, throw <see cref="NotSupportedException"/>: callers word
    /// that error for what they were reading.
    /// </summary>
    public static async Task<(Stream Stream, LayerCompression Compression)> OpenAsync(Stream input, CancellationToken cancellationToken)
    {
        var magic = new byte[6];
        int read = await input.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var head = magic.AsSpan(0, read);
        if (head.StartsWith(XzMagic) || head.StartsWith(Bzip2Magic))
            throw new NotSupportedException("xz and bzip2 are not supported (use plain, gzip or zstd)");
        var compression = Sniff(head);
        return (Decompress(new PrefixedStream(magic.AsMemory(0, read), input), compression), compression);
    }

    /// <summary>A decompressing reader over <paramref name="blob"/>, which it owns.</summary>
    public static Stream Decompress(Stream blob, LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(blob, CompressionMode.Decompress, leaveOpen: false),
        LayerCompression.Zstd => new DecompressionStream(blob, checkEndOfStream: true, leaveOpen: false),
        _ => blob,
    };

    /// <summary>True for the exceptions a corrupt compressed stream raises.</summary>
    public static bool IsCorruption(Exception e) => e is InvalidDataException or ZstdException;
}
