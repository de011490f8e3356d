using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Snapshots;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// Makes the image's layers committed snapshots, each named by its chainID, so identical stacks
    /// are unpacked once whichever image brought them. Returns the top chainID: the parent a
    /// container's writable snapshot is prepared on. A layer whose content does not hash to the
    /// config's diffID is an error, and a failed layer leaves no snapshot behind.
    /// </summary>
    public async Task<Digest> UnpackAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        var image = await ResolveAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        return await UnpackAsync(image, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="UnpackAsync(string, CancellationToken)"/>
    public async Task<Digest> UnpackAsync(ResolvedImage image, CancellationToken cancellationToken = default)
    {
        var diffIds = image.Config.RootFs.DiffIds;
        var layers = image.Manifest.Layers;
        if (diffIds.Count == 0) throw WharfException.Invalid($"image {ShortId(image.Id)} has no layers");
        if (diffIds.Count != layers.Count)
            throw WharfException.Invalid($"image {ShortId(image.Id)} is inconsistent: {layers.Count} layers in the manifest, {diffIds.Count} diff_ids in the config");

        Digest? parent = null;
        for (int i = 0; i < layers.Count; i++)
        {
            var chain = parent is { } below ? ChainId.Next(below, diffIds[i]) : diffIds[i];
            if (!await IsCommittedAsync(chain, cancellationToken).ConfigureAwait(false))
                await ApplyLayerAsync(layers[i], diffIds[i], chain, parent, cancellationToken).ConfigureAwait(false);
            parent = chain;
        }
        return parent!.Value;
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

    private async Task ApplyLayerAsync(Descriptor layer, Digest diffId, Digest chain, Digest? parent, CancellationToken cancellationToken)
    {
        if (!MediaTypes.IsLayer(layer.MediaType) && layer.MediaType.Length > 0)
            throw WharfException.Invalid($"layer {layer.Digest} has unsupported media type {layer.MediaType}");

        // A unique key: two unpacks of the same layer may race; the second commit finds the name taken.
        string key = $"{ExtractKeyPrefix}{Guid.NewGuid():N} {chain}";
        var mounts = await snapshots.PrepareAsync(key, parent?.ToString(),
            new Dictionary<string, string> { [LayerLabels.DiffId] = diffId.ToString() }, cancellationToken).ConfigureAwait(false);
        bool committed = false;
        try
        {
            string directory = (mounts.Count == 1 ? mounts[0].WritableDirectory : null)
                ?? throw WharfException.Invalid($"snapshot {key} has no single writable directory to unpack into");
            LayerApplyResult applied;
            await using (var blob = await content.OpenReadAsync(layer.Digest, cancellationToken).ConfigureAwait(false))
                applied = await LayerApplier.ApplyAsync(blob, directory, cancellationToken).ConfigureAwait(false);
            if (applied.DiffId != diffId)
                throw WharfException.Invalid($"layer {layer.Digest} is corrupt: its content has diffID {applied.DiffId}, the config says {diffId}");
            try
            {
                await snapshots.CommitAsync(chain.ToString(), key, cancellationToken: cancellationToken).ConfigureAwait(false);
                committed = true;
            }
            catch (WharfException e) when (e.Kind == ErrorKind.AlreadyExists)
            {
                // Another unpack committed the same chain first: that snapshot is as good as ours.
            }
        }
        finally
        {
            if (!committed) await RemoveQuietlyAsync(key).ConfigureAwait(false);
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
            // Best effort: the key is unique, and a leftover is an active snapshot no image names.
        }
    }
}

/// <summary>Labels the image service puts on the snapshots it makes.</summary>
public static class LayerLabels
{
    /// <summary>The diffID of the layer a committed snapshot holds (its name is the chainID).</summary>
    public const string DiffId = "wharf.images/diff-id";
}
