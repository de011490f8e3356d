using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;

namespace Wharf.Images.Archive;

/// <summary>
/// The images of an OCI image layout, from its index.json: each entry a manifest, or an index
/// resolved to this machine's platform. Names come from the entry's annotations: containerd's
/// full image name, else an "org.opencontainers.image.ref.name" that is a whole reference (a bare
/// tag names no repository, so the image is loaded untagged). Every blob an image needs must be
/// in the store, with its descriptor's size; every layer must hash to its config's diffID (a plain
/// tar is its own diffID; a compressed one was hashed decompressed as the archive was spooled).
/// </summary>
internal static class OciLayoutImport
{
    private const int MaxIndexDepth = 4;

    public static async Task<List<PendingImage>> ResolveAsync(ArchiveContents contents, IContentProvider content, PlatformMatcher platforms,
        CancellationToken cancellationToken)
    {
        CheckLayoutVersion(contents.Document(ArchivePath.OciLayoutFile));
        var index = ImageDocuments.ParseIndex(contents.Document(ArchivePath.IndexFile)!);

        var images = new List<PendingImage>();
        foreach (var entry in index.Manifests)
        {
            var target = await ResolveTargetAsync(entry, content, platforms, 0, cancellationToken).ConfigureAwait(false);
            if (target is null) continue;
            var id = await CheckImageAsync(target, contents, content, cancellationToken).ConfigureAwait(false);
            var name = NameOf(entry);
            int at = images.FindIndex(i => i.Target.Digest == target.Digest);
            if (at < 0)
                images.Add(new PendingImage(target, id, name is null ? [] : [name]));
            else if (name is not null && !images[at].Names.Contains(name))
                images[at] = images[at] with { Names = [.. images[at].Names, name] };
        }
        if (images.Count == 0) throw ArchiveError.Invalid("index.json lists no image for this platform");
        return images;
    }

    private static void CheckLayoutVersion(byte[]? json)
    {
        if (json is null) return; // Some writers leave it out; index.json is what matters.
        var layout = ArchiveJsonContext.Read(json, ArchiveJsonContext.Default.OciLayoutDocument, ArchivePath.OciLayoutFile);
        if (layout.ImageLayoutVersion != OciLayoutDocument.CurrentVersion)
            throw ArchiveError.Invalid($"oci-layout has imageLayoutVersion \"{ArchiveError.Show(layout.ImageLayoutVersion ?? "")}\", only {OciLayoutDocument.CurrentVersion} is supported");
    }

    /// <summary>The manifest an index.json entry leads to on this platform; null for entries that are not images (artifacts).</summary>
    private static async Task<Descriptor?> ResolveTargetAsync(Descriptor entry, IContentProvider content, PlatformMatcher platforms, int depth,
        CancellationToken cancellationToken)
    {
        if (MediaTypes.IsManifest(entry.MediaType)) return Strip(entry);
        if (!MediaTypes.IsIndex(entry.MediaType)) return null;
        if (depth == MaxIndexDepth) throw ArchiveError.Invalid($"image index {entry.Digest} nests deeper than {MaxIndexDepth} levels");
        var index = ImageDocuments.ParseIndex(await ReadAsync(content, entry, ContentLimits.Manifest, "image index", cancellationToken).ConfigureAwait(false));
        var best = platforms.SelectBest(index.Manifests.Where(m => MediaTypes.IsManifest(m.MediaType) || MediaTypes.IsIndex(m.MediaType)))
            ?? throw ArchiveError.Invalid($"image index {entry.Digest} has no manifest for this platform");
        return await ResolveTargetAsync(best, content, platforms, depth + 1, cancellationToken).ConfigureAwait(false);
    }

    private static Descriptor Strip(Descriptor manifest) =>
        new() { MediaType = manifest.MediaType, Digest = manifest.Digest, Size = manifest.Size };

    /// <summary>Checks that every blob of the image is there and consistent; returns the image ID.</summary>
    private static async Task<Digest> CheckImageAsync(Descriptor target, ArchiveContents contents, IContentProvider content,
        CancellationToken cancellationToken)
    {
        var manifest = ImageDocuments.ParseManifest(await ReadAsync(content, target, ContentLimits.Manifest, "manifest", cancellationToken).ConfigureAwait(false));
        if (!MediaTypes.IsConfig(manifest.Config.MediaType))
            throw ArchiveError.Invalid($"manifest {target.Digest} is not an image: its config has media type \"{ArchiveError.Show(manifest.Config.MediaType)}\"");
        var config = ImageDocuments.ParseConfig(await ReadAsync(content, manifest.Config, ContentLimits.Config, "config", cancellationToken).ConfigureAwait(false));
        if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
            throw ArchiveError.Invalid(
                $"manifest {target.Digest}: config {manifest.Config.Digest} lists {config.RootFs.DiffIds.Count} diff_ids for {manifest.Layers.Count} layers");

        for (int i = 0; i < manifest.Layers.Count; i++)
        {
            var layer = manifest.Layers[i];
            if (MediaTypes.LayerCompressionOf(layer.MediaType) is not { } compression)
                throw ArchiveError.Invalid($"manifest {target.Digest}: layer {layer.Digest} has media type \"{ArchiveError.Show(layer.MediaType)}\", which is not a layer");
            if (MediaTypes.IsForeignLayer(layer.MediaType) && !await content.ExistsAsync(layer.Digest, cancellationToken).ConfigureAwait(false))
                continue; // non-distributable: fetched from its URLs when needed
            var info = await InfoAsync(content, layer, "layer", cancellationToken).ConfigureAwait(false);
            if (info.Size != layer.Size)
                throw ArchiveError.Invalid($"layer {layer.Digest} is {info.Size} bytes, but manifest {target.Digest} says {layer.Size}");
            if (compression == LayerCompression.None && layer.Digest != config.RootFs.DiffIds[i])
                throw ArchiveError.Invalid($"manifest {target.Digest}: uncompressed layer {layer.Digest} does not match diff_id {config.RootFs.DiffIds[i]}");
            // A compressed layer the spool saw is checked too, at no cost: it was hashed decompressed as it went by.
            if (contents.LayerOf(layer.Digest) is { } seen)
            {
                if (seen.DiffId is null)
                    throw ArchiveError.Invalid($"layer {layer.Digest} is corrupt {seen.Compression} data: {seen.Corruption}");
                if (seen.DiffId != config.RootFs.DiffIds[i])
                    throw ArchiveError.Invalid($"manifest {target.Digest}: layer {layer.Digest} has diffID {seen.DiffId}, but the config says {config.RootFs.DiffIds[i]}");
            }
        }
        return manifest.Config.Digest;
    }

    private static async Task<byte[]> ReadAsync(IContentProvider content, Descriptor descriptor, long maxSize, string what,
        CancellationToken cancellationToken)
    {
        await InfoAsync(content, descriptor, what, cancellationToken).ConfigureAwait(false);
        return await content.ReadBlobAsync(descriptor, maxSize, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ContentInfo> InfoAsync(IContentProvider content, Descriptor descriptor, string what, CancellationToken cancellationToken)
    {
        if (!await content.ExistsAsync(descriptor.Digest, cancellationToken).ConfigureAwait(false))
            throw ArchiveError.Invalid($"{what} {descriptor.Digest} is not in the archive ({ArchivePath.Blob(descriptor.Digest)} is missing)");
        return await content.InfoAsync(descriptor.Digest, cancellationToken).ConfigureAwait(false);
    }

    private static ImageReference? NameOf(Descriptor entry)
    {
        var annotations = entry.Annotations;
        if (annotations?.GetValueOrDefault(ImageArchiveWriter.ImageNameAnnotation) is { } full
            && ImageReference.TryParse(full, out var named) && named.Tag is not null)
            return named;
        if (annotations?.GetValueOrDefault(ImageArchiveWriter.RefNameAnnotation) is { } refName
            && (refName.Contains('/') || refName.Contains(':'))
            && ImageReference.TryParse(refName, out var reference) && reference.Tag is not null)
            return reference;
        return null;
    }
}
