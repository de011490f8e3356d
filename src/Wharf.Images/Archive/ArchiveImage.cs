using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;

namespace Wharf.Images.Archive;

/// <summary>An image resolved from the content store for saving: its manifest (an index resolved to one platform) and config.</summary>
internal sealed record ArchiveImage(Descriptor ManifestDescriptor, ImageManifest Manifest, ImageConfig Config)
{
    private const int MaxIndexDepth = 4;

    public static async Task<ArchiveImage> ResolveAsync(IContentProvider content, Descriptor target, PlatformMatcher platforms,
        CancellationToken cancellationToken)
    {
        var descriptor = target;
        for (int depth = 0; MediaTypes.IsIndex(descriptor.MediaType); depth++)
        {
            if (depth == MaxIndexDepth) throw WharfException.Invalid($"image index {target.Digest} nests deeper than {MaxIndexDepth} levels");
            var index = ImageDocuments.ParseIndex(await content.ReadBlobAsync(descriptor, ContentLimits.Manifest, cancellationToken).ConfigureAwait(false));
            descriptor = platforms.SelectBest(index.Manifests)
                ?? throw WharfException.NotFound($"image index {descriptor.Digest} has no manifest for this platform");
        }
        if (!MediaTypes.IsManifest(descriptor.MediaType))
            throw WharfException.Invalid($"cannot save {descriptor.Digest}: media type \"{descriptor.MediaType}\" is not an image manifest or index");

        var manifest = ImageDocuments.ParseManifest(await content.ReadBlobAsync(descriptor, ContentLimits.Manifest, cancellationToken).ConfigureAwait(false));
        var config = ImageDocuments.ParseConfig(await content.ReadBlobAsync(manifest.Config, ContentLimits.Config, cancellationToken).ConfigureAwait(false));
        if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
            throw WharfException.Invalid(
                $"image {manifest.Config.Digest}: the config lists {config.RootFs.DiffIds.Count} diff_ids for {manifest.Layers.Count} layers");
        return new ArchiveImage(descriptor, manifest, config);
    }

    /// <summary>The image ID, as Docker names it: the config's digest.</summary>
    public Digest Id => Manifest.Config.Digest;

    /// <summary>The platform to put on the index entry, as the config declares it (null when it declares none).</summary>
    public Platform? Platform => Config.OS.Length == 0 || Config.Architecture.Length == 0
        ? null
        : new Platform { OS = Config.OS, Architecture = Config.Architecture, Variant = string.IsNullOrEmpty(Config.Variant) ? null : Config.Variant };
}
