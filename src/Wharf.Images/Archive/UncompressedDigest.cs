using System.IO.Pipelines;
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
internal sealed class UncompressedDigest : IAsyncDisposable
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20, useSynchronizationContext: false));
    private readonly Task<Digest> _digest;
    private bool _completed;

    public UncompressedDigest(LayerCompression compression, CancellationToken cancellationToken)
    {
        Compression = compression;
        _digest = Task.Run(() => HashAsync(compression, cancellationToken), cancellationToken);
    }

    public LayerCompression Compression { get; }

    /// <summary>Feeds the next bytes; once the decompressor has failed, the rest are dropped.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_completed) return;
        var result = await _pipe.Writer.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted) _completed = true; // the reader gave up: corrupt data
    }

    /// <summary>The outcome once every byte was fed: the digest, or why the content could not be decompressed.</summary>
    public async Task<LayerContent> CompleteAsync()
    {
        _completed = true;
        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        try
        {
            return new LayerContent(Compression, await _digest.ConfigureAwait(false), null);
        }
        catch (Exception e) when (CompressedStream.IsCorruption(e) || e is EndOfStreamException)
        {
            return new LayerContent(Compression, null, e.Message);
        }
    }

    private async Task<Digest> HashAsync(LayerCompression compression, CancellationToken cancellationToken)
    {
        try
        {
            await using var decompressed = CompressedStream.Decompress(_pipe.Reader.AsStream(), compression);
            byte[] hash = await SHA256.HashDataAsync(decompressed, cancellationToken).ConfigureAwait(false);
            await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
            return Digest.FromSha256(hash);
        }
        catch (Exception e)
        {
            await _pipe.Reader.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the hashing (when the spool failed) and waits for it to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            await _pipe.Writer.CompleteAsync(new OperationCanceledException("the spool stopped")).ConfigureAwait(false);
        }
        try
        {
            await _digest.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported by CompleteAsync, or no longer wanted.
        }
    }
}

/// <summary>What a spooled file holds once decompressed: its diffID, or why it is not a valid compressed stream.</summary>
internal sealed record LayerContent(LayerCompression Compression, Digest? DiffId, string? Corruption);
