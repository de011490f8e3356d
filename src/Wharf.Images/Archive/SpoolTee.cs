using System.IO.Pipelines;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Images.Archive;

/// <summary>
/// Something a spooled file's bytes are fed to besides the store, as they go by: a hash of what
/// the file holds decompressed (a layer's diffID), or the layer unpacked. Lifecycle: the spool
/// feeds every byte (<see cref="WriteAsync"/>), then asks for the outcome (<see cref="CompleteAsync"/>),
/// then, once the blob is stored, says so (<see cref="Stored"/>); disposing stops it whatever happened.
/// </summary>
internal abstract class SpoolTee : IAsyncDisposable
{
    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Every byte was fed: what the file holds, or null when that is not known.</summary>
    public abstract Task<LayerContent?> CompleteAsync();

    /// <summary>The file is in the store as <paramref name="blob"/> (verified).</summary>
    public virtual void Stored(ContentInfo blob)
    {
    }

    public abstract ValueTask DisposeAsync();
}

/// <summary>What a spooled file is, by its name and first bytes: what a tee is chosen by.</summary>
/// <param name="Expected">The digest its name claims (blobs/sha256/...), checked when it is stored.</param>
/// <param name="IsTar">A plain tar (its first header says ustar).</param>
internal sealed record SpoolFile(string Name, Digest? Expected, LayerCompression Compression, bool IsTar);

/// <summary>Chooses the tee for a file, or none.</summary>
internal delegate ValueTask<SpoolTee?> SpoolTees(SpoolFile file, CancellationToken cancellationToken);

/// <summary>
/// A pipe from the spool's thread to a consumer running on another, which reads what it is fed as
/// a stream. When the consumer stops early (it failed, or needed no more), the rest is dropped.
/// </summary>
internal sealed class TeePipe<T> : IAsyncDisposable
{
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20, useSynchronizationContext: false));
    private readonly Task<T> _result;
    private bool _dropping;
    private bool _writerDone;

    public TeePipe(Func<Stream, Task<T>> consumer) => _result = Task.Run(() => ConsumeAsync(consumer));

    private async Task<T> ConsumeAsync(Func<Stream, Task<T>> consumer)
    {
        try
        {
            var result = await consumer(_pipe.Reader.AsStream(leaveOpen: true)).ConfigureAwait(false);
            await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
            return result;
        }
        catch (Exception e)
        {
            await _pipe.Reader.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_dropping) return;
        var result = await _pipe.Writer.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted) _dropping = true; // the consumer is done reading
    }

    /// <summary>Ends the stream and waits for the consumer's result (or its exception).</summary>
    public async Task<T> CompleteAsync()
    {
        _dropping = true;
        _writerDone = true;
        await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        return await _result.ConfigureAwait(false);
    }

    /// <summary>Stops the consumer (its stream ends in an error) unless it completed, and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_writerDone)
        {
            _writerDone = true;
            await _pipe.Writer.CompleteAsync(new OperationCanceledException("the spool stopped")).ConfigureAwait(false);
        }
        try
        {
            await _result.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Reported by CompleteAsync, or no longer wanted.
        }
    }
}
