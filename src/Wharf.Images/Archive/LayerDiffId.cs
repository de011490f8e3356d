using Wharf.Snapshots.Layers;
using System.Security.Cryptography;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Images.Archive;

/// <summary>What a layer blob is: its compression (sniffed) and its diffID (the digest of the tar inside).</summary>
internal static class LayerDiffId
{
    /// <summary>
    /// A layer blob's compression and diffID: for a compressed one, what the spool computed as the
    /// blob went by (an error if it was not valid compressed data); for a plain one, its own digest.
    /// </summary>
    public static async Task<(LayerCompression Compression, Digest DiffId)> OfAsync(ArchiveContents contents, IContentProvider content,
        Digest blob, string name, CancellationToken cancellationToken)
    {
        if (contents.LayerOf(blob) is { } known)
            return (known.Compression, known.DiffId
                ?? throw ArchiveError.Invalid($"layer \"{ArchiveError.Show(name)}\" is corrupt {known.Compression} data: {known.Corruption}"));
        var compression = await SniffAsync(content, blob, cancellationToken).ConfigureAwait(false);
        return (compression, await ComputeAsync(content, blob, compression, name, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<LayerCompression> SniffAsync(IContentProvider content, Digest blob, CancellationToken cancellationToken)
    {
        await using var stream = await content.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false);
        var head = new byte[4];
        int read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return ArchiveCompression.Sniff(head.AsSpan(0, read));
    }

    /// <summary>The diffID: the blob's own digest when it is a plain tar, else the digest of it decompressed (read again).</summary>
    public static async Task<Digest> ComputeAsync(IContentProvider content, Digest blob, LayerCompression compression,
        string name, CancellationToken cancellationToken)
    {
        if (compression == LayerCompression.None) return blob;
        try
        {
            await using var stream = ArchiveCompression.Decompress(await content.OpenReadAsync(blob, cancellationToken).ConfigureAwait(false), compression);
            return Digest.FromSha256(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (CompressedStream.IsCorruption(e))
        {
            throw ArchiveError.Invalid($"layer \"{ArchiveError.Show(name)}\" is corrupt {compression} data: {e.Message}", e);
        }
    }

    public static string MediaTypeOf(LayerCompression compression) => compression switch
    {
        LayerCompression.Gzip => MediaTypes.OciLayerGzip,
        LayerCompression.Zstd => MediaTypes.OciLayerZstd,
        _ => MediaTypes.OciLayer,
    };
}
