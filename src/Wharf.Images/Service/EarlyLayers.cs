using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Images.Archive;
using Wharf.Snapshots;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Service;

/// <summary>
/// Layers unpacked while a load is still reading its archive: each file that looks like a layer (a
/// tar, or gzip or zstd data) and is not in the store already is applied, as its bytes go by, into
/// a snapshot of its own with no parent (<c>extract-&lt;guid&gt; &lt;name&gt;</c>, which
/// <see cref="ImageService.RecoverAsync"/> takes back after a crash). When the archive's manifests
/// are read, the unpack takes the ones it needs (<see cref="Take"/>) and commits them in order; the
/// rest are removed on dispose. A file that fails to unpack this way (hostile, or no layer at all)
/// is simply not taken: the unpack then reads it from the store and reports the error itself.
/// </summary>
internal sealed class EarlyLayers(IContentProvider content, ISnapshotter snapshots) : IAsyncDisposable
{
    /// <summary>More than any real image has (overlay stacks 500): an archive of countless small tars gets no more.</summary>
    private const int MaxLayers = 512;

    private readonly List<EarlyLayer> _layers = [];

    /// <summary>The <see cref="SpoolTees"/> of a load: early layers where they may help, the default tees elsewhere.</summary>
    public async ValueTask<SpoolTee?> TeeAsync(SpoolFile file, CancellationToken cancellationToken)
    {
        bool layerLike = file.IsTar || file.Compression != LayerCompression.None;
        // A blob already stored came with an image loaded or pulled before: most likely unpacked too.
        if (!layerLike || _layers.Count >= MaxLayers
            || (file.Expected is { } known && await content.ExistsAsync(known, cancellationToken).ConfigureAwait(false)))
            return await ArchiveSpooler.DefaultTees(file, cancellationToken).ConfigureAwait(false);

        string key = $"{ImageService.ExtractKeyPrefix}{Guid.NewGuid():N} early";
        var mounts = await snapshots.PrepareAsync(key, null, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (mounts is not [{ WritableDirectory: { } directory }])
        {
            // Not a snapshotter whose layers are plain directories: unpack from the store later.
            await snapshots.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
            return await ArchiveSpooler.DefaultTees(file, cancellationToken).ConfigureAwait(false);
        }
        var layer = new EarlyLayer(key, directory, file, cancellationToken);
        _layers.Add(layer);
        return layer;
    }

    /// <summary>The early snapshot of <paramref name="blob"/> if it unpacked to <paramref name="diffId"/> and is not taken yet; it is the caller's from then on.</summary>
    public EarlyLayer? Take(Digest blob, Digest diffId)
    {
        var layer = _layers.FirstOrDefault(l => l.Blob?.Digest == blob && l.Result?.DiffId == diffId && !l.Taken);
        if (layer is not null) layer.Taken = true;
        return layer;
    }

    /// <summary>Removes the snapshots nobody took.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var layer in _layers)
        {
            await layer.DisposeAsync().ConfigureAwait(false);
            if (layer.Taken) continue;
            try
            {
                await snapshots.RemoveAsync(layer.Key, CancellationToken.None).ConfigureAwait(false);
            }
            catch (WharfException)
            {
                // An active extract- snapshot: RecoverAsync takes it at the next start.
            }
        }
    }
}

/// <summary>One file applied as a layer as it is spooled (see <see cref="EarlyLayers"/>).</summary>
internal sealed class EarlyLayer : SpoolTee
{
    private readonly TeePipe<LayerApplyResult> _pipe;
    private readonly LayerCompression _compression;

    public EarlyLayer(string key, string directory, SpoolFile file, CancellationToken cancellationToken)
    {
        Key = key;
        _compression = file.Compression;
        // A plain tar named by its digest is that digest, which the store checks: no second hash.
        _pipe = new(stream => LayerApplier.ApplyAsync(stream, directory, LayerLimits.Default, file.Expected, cancellationToken));
    }

    public string Key { get; }
    public ContentInfo? Blob { get; private set; }
    public LayerApplyResult? Result { get; private set; }
    public bool Taken { get; set; }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => _pipe.WriteAsync(data, cancellationToken);

    public override async Task<LayerContent?> CompleteAsync()
    {
        try
        {
            Result = await _pipe.CompleteAsync().ConfigureAwait(false);
            return new LayerContent(Result.Compression, Result.DiffId, null);
        }
        catch (WharfException e) when (_compression != LayerCompression.None
            && e.InnerException is { } inner && (CompressedStream.IsCorruption(inner) || inner is EndOfStreamException))
        {
            return new LayerContent(_compression, null, inner.Message);
        }
        catch (Exception e) when (e is WharfException or IOException)
        {
            return null; // not a layer this way; if it is one, the unpack reads it from the store and says why
        }
    }

    public override void Stored(ContentInfo blob) => Blob = blob;

    public override ValueTask DisposeAsync() => _pipe.DisposeAsync();
}
