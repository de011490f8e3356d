using System.Globalization;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Snapshots;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// Makes the image's layers committed snapshots, each named by its chainID, so identical stacks
    /// are unpacked once whichever image brought them. Returns the top chainID: the parent a
    /// container's writable snapshot is prepared on. A layer whose content does not hash to the
    /// config's diffID is an error, and a failed unpack leaves no snapshot of its own behind.
    /// </summary>
    /// <remarks>
    /// The missing layers are unpacked side by side (up to one per processor), each into a
    /// snapshot of its own prepared without a parent: a layer tar needs nothing from the layers
    /// below it, and writing into its own empty directory is what keeps a symlink planted lower
    /// down from steering it. Once all are written they are committed in order, bottom first, each
    /// onto the one below (<see cref="ISnapshotter.CommitOntoAsync"/>).
    /// </remarks>
    public async Task<Digest> UnpackAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        var image = await ResolveAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        return await UnpackAsync(image, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="UnpackAsync(string, CancellationToken)"/>
    public Task<Digest> UnpackAsync(ResolvedImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        return UnpackAsync(image.Id, image.Manifest, image.Config, early: null, cancellationToken);
    }

    /// <param name="early">Layers a load already unpacked as it read its archive, to take rather than unpack again.</param>
    private async Task<Digest> UnpackAsync(Digest id, ImageManifest manifest, ImageConfig config, EarlyLayers? early, CancellationToken cancellationToken)
    {
        var diffIds = config.RootFs.DiffIds;
        var layers = manifest.Layers;
        if (diffIds.Count == 0) throw WharfException.Invalid($"image {ShortId(id)} has no layers");
        if (diffIds.Count != layers.Count)
            throw WharfException.Invalid($"image {ShortId(id)} is inconsistent: {layers.Count} layers in the manifest, {diffIds.Count} diff_ids in the config");
        foreach (var layer in layers)
            if (!MediaTypes.IsLayer(layer.MediaType) && layer.MediaType.Length > 0)
                throw WharfException.Invalid($"layer {layer.Digest} has unsupported media type {layer.MediaType}");

        var chains = ChainIds(diffIds);
        // Committed snapshots only ever sit on committed parents: what is there is a bottom run.
        int present = chains.Count;
        while (present > 0 && !await IsCommittedAsync(chains[present - 1], cancellationToken).ConfigureAwait(false))
            present--;
        if (present == chains.Count) return chains[^1];

        var pending = Enumerable.Range(present, chains.Count - present)
            .Select(i => new PendingLayer(layers[i], diffIds[i], chains[i], i == 0 ? null : chains[i - 1], early?.Take(layers[i].Digest, diffIds[i])))
            .ToList();
        try
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
            // The first failure cancels the others' token; all have stopped when this throws.
            await Parallel.ForEachAsync(pending.Where(l => !l.Prepared).ToList(), parallel, ExtractAsync).ConfigureAwait(false);
            foreach (var layer in pending)
                await CommitLayerAsync(layer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var layer in pending.Where(l => l.Prepared && !l.Committed))
                await RemoveQuietlyAsync(layer.Key).ConfigureAwait(false);
        }
        return chains[^1];
    }

    /// <summary>One layer being unpacked: its temporary snapshot, and how far it got (all the way, when a load unpacked it early).</summary>
    private sealed class PendingLayer(Descriptor blob, Digest diffId, Digest chain, Digest? parent, EarlyLayer? early)
    {
        public Descriptor Blob => blob;
        public Digest DiffId => diffId;
        public Digest Chain => chain;
        public Digest? Parent => parent;

        /// <summary>Unique: two unpacks of the same layer may race; the second commit finds the name taken.</summary>
        public string Key { get; } = early?.Key ?? $"{ExtractKeyPrefix}{Guid.NewGuid():N} {chain}";

        public bool Prepared { get; set; } = early is not null;
        public bool Committed { get; set; }
        public long ContentSize { get; set; } = early?.Result?.ContentSize ?? 0;
    }

    private static List<Digest> ChainIds(IReadOnlyList<Digest> diffIds)
    {
        var chains = new List<Digest>(diffIds.Count);
        foreach (var diffId in diffIds)
            chains.Add(chains.Count == 0 ? diffId : ChainId.Next(chains[^1], diffId));
        return chains;
    }

    private async Task<bool> IsCommittedAsync(Digest chain, CancellationToken cancellationToken)
    {
        try
        {
            var info = await snapshots.StatAsync(chain.ToString(), cancellationToken).ConfigureAwait(false);
            return info.Kind == SnapshotKind.Committed;
        }
        catch (WharfException e) when (e.Kind == ErrorKind.NotFound)
        {
            return false;
        }
    }

    /// <summary>Applies the layer's blob into a fresh snapshot with no parent, checking its diffID.</summary>
    private async ValueTask ExtractAsync(PendingLayer layer, CancellationToken cancellationToken)
    {
        var mounts = await snapshots.PrepareAsync(layer.Key, null,
            new Dictionary<string, string> { [LayerLabels.DiffId] = layer.DiffId.ToString() }, cancellationToken).ConfigureAwait(false);
        layer.Prepared = true;
        string directory = (mounts.Count == 1 ? mounts[0].WritableDirectory : null)
            ?? throw WharfException.Invalid($"snapshot {layer.Key} has no single writable directory to unpack into");
        LayerApplyResult applied;
        // A plain-tar blob is its own diffID, verified by the content store when it came in: not hashed again.
        Digest? known = layer.Blob.Digest == layer.DiffId ? layer.DiffId : null;
        await using (var blob = await content.OpenReadAsync(layer.Blob.Digest, cancellationToken).ConfigureAwait(false))
            applied = await LayerApplier.ApplyAsync(blob, directory, LayerLimits.Default, known, cancellationToken).ConfigureAwait(false);
        if (applied.DiffId != layer.DiffId)
            throw WharfException.Invalid($"layer {layer.Blob.Digest} is corrupt: its content has diffID {applied.DiffId}, the config says {layer.DiffId}");
        layer.ContentSize = applied.ContentSize;
    }

    private async Task CommitLayerAsync(PendingLayer layer, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>
        {
            [LayerLabels.DiffId] = layer.DiffId.ToString(),
            [LayerLabels.Size] = layer.ContentSize.ToString(CultureInfo.InvariantCulture),
        };
        try
        {
            await snapshots.CommitOntoAsync(layer.Chain.ToString(), layer.Key, layer.Parent?.ToString(), labels, cancellationToken).ConfigureAwait(false);
            layer.Committed = true;
        }
        catch (WharfException e) when (e.Kind == ErrorKind.AlreadyExists)
        {
            // Another unpack committed the same chain first: that snapshot is as good as ours.
        }
    }

    private async Task RemoveQuietlyAsync(string key)
    {
        try
        {
            await snapshots.RemoveAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (WharfException)
        {
            // Best effort: the key is unique, and a leftover is an active snapshot no image names (RecoverAsync takes it).
        }
    }
}

/// <summary>Labels the image service puts on the snapshots it makes.</summary>
public static class LayerLabels
{
    /// <summary>The diffID of the layer a committed snapshot holds (its name is the chainID).</summary>
    public const string DiffId = "wharf.images/diff-id";

    /// <summary>The layer's size as Docker counts it (<see cref="LayerContentSize"/>), in decimal bytes.</summary>
    public const string Size = "wharf.images/size";
}
