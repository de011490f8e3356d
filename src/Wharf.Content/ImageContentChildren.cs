using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;

namespace Wharf.Content;

/// <summary>
/// The image graph: a manifest refers to its config and layers, an index to its manifests; every
/// other blob is a leaf. A descriptor without a media type (a root recorded without one) is
/// recognised by its content, when it is small enough to be a manifest.
/// </summary>
public sealed class ImageContentChildren(IContentProvider provider) : IContentChildren
{
    public async ValueTask<IReadOnlyList<Descriptor>> ChildrenAsync(Descriptor parent, CancellationToken cancellationToken = default)
    {
        string mediaType = parent.MediaType;
        if (!MediaTypes.IsManifest(mediaType) && !MediaTypes.IsIndex(mediaType))
        {
            if (mediaType.Length > 0) return [];
            var info = await provider.InfoAsync(parent.Digest, cancellationToken).ConfigureAwait(false);
            if (info.Size > ContentLimits.Manifest) return [];
        }

        byte[] json = await provider.ReadBlobAsync(parent.Digest, ContentLimits.Manifest, cancellationToken).ConfigureAwait(false);
        mediaType = mediaType.Length > 0 ? mediaType : ImageDocuments.DetectMediaType(json) ?? "";
        try
        {
            if (MediaTypes.IsManifest(mediaType))
            {
                var manifest = ImageDocuments.ParseManifest(json);
                return [manifest.Config, .. manifest.Layers];
            }
            if (MediaTypes.IsIndex(mediaType)) return ImageDocuments.ParseIndex(json).Manifests;
            return [];
        }
        catch (WharfException e)
        {
            throw new WharfException(e.Kind, $"{parent.Digest}: {e.Message}", e);
        }
    }
}
