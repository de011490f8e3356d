using System.Globalization;
using Wharf.Core;
using Wharf.Snapshots;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// Docker's size of each layer, bottom first: what the layer holds unpacked (files' bytes and
    /// symlinks' targets, each inode once), as recorded on its snapshot when it was unpacked. A layer
    /// not unpacked (yet) counts its blob's size, the only number known without reading it.
    /// </summary>
    private sealed class LayerSizes(IReadOnlyDictionary<string, SnapshotInfo> layers)
    {
        public IReadOnlyList<long> Of(ResolvedImage image) => Layers(image).Select(l => l.Size).ToList();

        /// <summary>Each layer bottom first: its chain ID (its blob digest past the config's diffIDs) and its size.</summary>
        public IReadOnlyList<(string Key, long Size)> Layers(ResolvedImage image)
        {
            var diffIds = image.Config.RootFs.DiffIds;
            var layers = new (string, long)[image.Manifest.Layers.Count];
            Digest? chain = null;
            for (int i = 0; i < layers.Length; i++)
            {
                long? unpacked = null;
                string key = image.Manifest.Layers[i].Digest.ToString();
                if (i < diffIds.Count)
                {
                    chain = chain is { } below ? Snapshots.Layers.ChainId.Next(below, diffIds[i]) : diffIds[i];
                    unpacked = UnpackedSize(chain.Value);
                    key = chain.Value.ToString();
                }
                layers[i] = (key, unpacked ?? image.Manifest.Layers[i].Size);
            }
            return layers;
        }

        private long? UnpackedSize(Digest chain) =>
            layers.TryGetValue(chain.ToString(), out var info) && info.Kind == SnapshotKind.Committed
            && info.Labels.TryGetValue(LayerLabels.Size, out string? text)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long size)
                ? size
                : null;
    }

    private async Task<LayerSizes> LayerSizesAsync(CancellationToken cancellationToken)
    {
        var all = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        return new LayerSizes(all.ToDictionary(s => s.Name, StringComparer.Ordinal));
    }

    /// <summary>
    /// `docker system df`'s images: every image with the bytes it shares with others (its layers that
    /// another image has too), and the bytes all layers take once each (LayersSize).
    /// </summary>
    public async Task<ImageDiskUsage> DiskUsageAsync(CancellationToken cancellationToken = default)
    {
        var all = await LoadAllAsync(cancellationToken).ConfigureAwait(false);
        var sizes = await LayerSizesAsync(cancellationToken).ConfigureAwait(false);
        var layersOf = all.Select(image => sizes.Layers(image)).ToList();
        var users = new Dictionary<string, int>(StringComparer.Ordinal);
        var unique = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var layers in layersOf)
        {
            foreach (var (key, size) in layers.DistinctBy(l => l.Key))
            {
                users[key] = users.GetValueOrDefault(key) + 1;
                unique[key] = size;
            }
        }
        var images = new List<ImageUsage>(all.Count);
        for (int i = 0; i < all.Count; i++)
        {
            var image = all[i];
            var layers = layersOf[i];
            long shared = layers.DistinctBy(l => l.Key).Where(l => users[l.Key] > 1).Sum(l => l.Size);
            images.Add(new ImageUsage(Summarize(image, image.RepoTags, layers.Sum(l => l.Size)), shared));
        }
        return new ImageDiskUsage(unique.Values.Sum(), images);
    }
}
