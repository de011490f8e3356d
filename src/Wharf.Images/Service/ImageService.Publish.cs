using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// Makes a new image out of its config and layers (already in the content store): writes the config
    /// and an OCI manifest, unpacks it, and only then names it (or keeps it dangling), as Docker's layer
    /// store registers an image before it has a name. The caller holds the gate. Returns the image ID.
    /// </summary>
    private async Task<Digest> PublishAsync(ImageConfig config, IReadOnlyList<Descriptor> layers, ImageReference? name, CancellationToken cancellationToken)
    {
        var configInfo = await content.WriteBlobAsync(ImageDocuments.Serialize(config), cancellationToken: cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest { Config = configInfo.Describe(MediaTypes.OciConfig), Layers = layers };
        var manifestInfo = await content.WriteBlobAsync(ImageDocuments.Serialize(manifest), cancellationToken: cancellationToken).ConfigureAwait(false);
        var target = manifestInfo.Describe(MediaTypes.OciManifest);
        await UnpackAsync(configInfo.Digest, manifest, config, early: null, cancellationToken).ConfigureAwait(false);

        if (name is not null) await SetNameAsync(name.ToString(), target, cancellationToken).ConfigureAwait(false);
        else await KeepDanglingAsync(target, cancellationToken).ConfigureAwait(false);
        return configInfo.Digest;
    }
}
