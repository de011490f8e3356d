using Wharf.Core;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Import;

/// <summary>The tar a rootfs import reads: plain, gzip or zstd, told apart by magic bytes, as `docker import` does.</summary>
internal static class RootfsArchive
{
    public const int BlockSize = 512;

    /// <summary>The uncompressed tar stream of <paramref name="input"/> (which it takes ownership of).</summary>
    public static async Task<Stream> OpenAsync(Stream input, CancellationToken cancellationToken)
    {
        try
        {
            return (await CompressedStream.OpenAsync(input, cancellationToken).ConfigureAwait(false)).Stream;
        }
        catch (NotSupportedException)
        {
            throw WharfException.Invalid("invalid rootfs archive: xz and bzip2 are not supported (use a plain, gzip or zstd tar)");
        }
    }

    /// <summary>
    /// Whether the first block is a tar header (its checksum adds up) or the end-of-archive zero
    /// block: catches "this is not a tar" before a layer is stored.
    /// </summary>
    public static bool IsTarStart(ReadOnlySpan<byte> block)
    {
        if (block.Length < BlockSize) return false;
        block = block[..BlockSize];
        if (!block.ContainsAnyExcept((byte)0)) return true;
        var field = block.Slice(148, 8);
        long stored = 0;
        bool digits = false;
        foreach (byte b in field)
        {
            if (b is (byte)' ' or 0) { if (digits) break; continue; }
            if (b is < (byte)'0' or > (byte)'7') return false;
            stored = stored * 8 + (b - '0');
            digits = true;
        }
        if (!digits) return false;
        long unsigned = 0, signed = 0;
        for (int i = 0; i < BlockSize; i++)
        {
            byte b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        return stored == unsigned || stored == signed;
    }
}
