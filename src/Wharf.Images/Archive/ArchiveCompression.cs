using System.IO.Compression;
using ZstdSharp;

namespace Wharf.Images.Archive;

/// <summary>Archives arrive plain, gzip- or zstd-compressed as a whole: told apart by magic bytes.</summary>
internal static class ArchiveCompression
{
    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];
    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xb5, 0x2f, 0xfd];
    private static ReadOnlySpan<byte> XzMagic => [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0];
    private static ReadOnlySpan<byte> Bzip2Magic => "BZh"u8;

    /// <summary>The uncompressed stream of <paramref name="input"/> (left open when it is returned as is).</summary>
    public static async Task<Stream> OpenAsync(Stream input, CancellationToken cancellationToken)
    {
        var magic = new byte[6];
        int read = await input.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var head = magic.AsSpan(0, read);
        var replay = new ReplayStream(magic.AsMemory(0, read), input);
        if (head.StartsWith(GzipMagic)) return new GZipStream(replay, CompressionMode.Decompress, leaveOpen: false);
        if (head.StartsWith(ZstdMagic)) return new DecompressionStream(replay, checkEndOfStream: true, leaveOpen: false);
        if (head.StartsWith(XzMagic) || head.StartsWith(Bzip2Magic))
            throw ArchiveError.Invalid("xz and bzip2 compression are not supported (use plain, gzip or zstd)");
        return replay;
    }

    /// <summary>What a blob's first bytes say its compression is.</summary>
    public static Wharf.Core.Images.LayerCompression Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith(GzipMagic) ? Wharf.Core.Images.LayerCompression.Gzip
        : head.StartsWith(ZstdMagic) ? Wharf.Core.Images.LayerCompression.Zstd
        : Wharf.Core.Images.LayerCompression.None;

    /// <summary>A decompressing reader over <paramref name="blob"/>, which it owns.</summary>
    public static Stream Decompress(Stream blob, Wharf.Core.Images.LayerCompression compression) => compression switch
    {
        Wharf.Core.Images.LayerCompression.Gzip => new GZipStream(blob, CompressionMode.Decompress, leaveOpen: false),
        Wharf.Core.Images.LayerCompression.Zstd => new DecompressionStream(blob, checkEndOfStream: true, leaveOpen: false),
        _ => blob,
    };

    /// <summary>The exceptions corrupt compressed data raises.</summary>
    public static bool IsCorruption(Exception e) => e is InvalidDataException or ZstdException;
}
