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
        public IReadOnlyList<long> Of(ResolvedImage image)
        {
            var diffIds = image.Config.RootFs.DiffIds;
            var sizes = new long[image.Manifest.Layers.Count];
            Digest? chain = null;
            for (int i = 0; i < sizes.Length; i++)
            {
                long? unpacked = null;
                if (i < diffIds.Count)
                {
                    chain = chain is { } below ? Snapshots.Layers.ChainId.Next(below, diffIds[i]) : diffIds[i];
                    unpacked = UnpackedSize(chain.Value);
                }
                sizes[i] = unpacked ?? image.Manifest.Layers[i].Size;
            }
            return sizes;
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
}
