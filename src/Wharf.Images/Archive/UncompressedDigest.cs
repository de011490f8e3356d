using System.Security.Cryptography;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Archive;

/// <summary>
/// The digest of a compressed file's decompressed content (a layer's diffID), computed on another
/// thread from the same bytes as they are spooled into the store, so the blob is never read back
/// for it. Corrupt data is not an error here: it is reported, and matters only if the file turns
/// out to be a layer.
/// </summary>
internal sealed class UncompressedDigest(LayerCompression compression, CancellationToken cancellationToken) : SpoolTee
{
    private readonly TeePipe<Digest> _pipe = new(async stream =>
    {
        await using var decompressed = CompressedStream.Decompress(stream, compression);
        return Digest.FromSha256(await SHA256.HashDataAsync(decompressed, cancellationToken).ConfigureAwait(false));
    });

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => _pipe.WriteAsync(data, cancellationToken);

    public override async Task<LayerContent?> CompleteAsync()
    {
        try
        {
            return new LayerContent(compression, await _pipe.CompleteAsync().ConfigureAwait(false), null);
        }
        catch (Exception e) when (CompressedStream.IsCorruption(e) || e is EndOfStreamException)
        {
            return new LayerContent(compression, null, e.Message);
        }
    }

    public override ValueTask DisposeAsync() => _pipe.DisposeAsync();
}

/// <summary>What a spooled file holds once decompressed: its diffID, or why it is not a valid compressed stream.</summary>
internal sealed record LayerContent(LayerCompression Compression, Digest? DiffId, string? Corruption);
