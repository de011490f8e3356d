using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;

namespace Wharf.Images.Archive;

/// <summary>
/// The images of a docker-archive, from its manifest.json: old style (`&lt;id&gt;/layer.tar`,
/// `&lt;hex&gt;.json`) or Docker 25+ (blobs/sha256/...). Each layer's diffID is checked against the
/// config. When the archive's index.json holds a manifest with the same config and layers, that
/// manifest is kept (its digest survives the round trip); otherwise an OCI manifest is built.
/// </summary>
internal static class DockerArchiveImport
{
    public static async Task<List<PendingImage>> ResolveAsync(ArchiveContents contents, IContentStore content, CancellationToken cancellationToken)
    {
        var entries = ArchiveJsonContext.Read(contents.Document(ArchivePath.ManifestFile)!, ArchiveJsonContext.Default.ListDockerArchiveEntry,
            ArchivePath.ManifestFile);
        if (entries.Count == 0) throw ArchiveError.Invalid("manifest.json lists no images");
        var known = await OciManifestsAsync(contents, content, cancellationToken).ConfigureAwait(false);

        var images = new List<PendingImage>();
        for (int i = 0; i < entries.Count; i++)
            images.Add(await ResolveEntryAsync(entries[i] ?? throw ArchiveError.Invalid($"manifest.json entry {i} is null"),
                $"manifest.json entry {i}", contents, content, known, cancellationToken).ConfigureAwait(false));
        return images;
    }

    private static async Task<PendingImage> ResolveEntryAsync(DockerArchiveEntry entry, string where, ArchiveContents contents,
        IContentStore content, List<(Descriptor Descriptor, ImageManifest Manifest)> known, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(entry.Config)) throw ArchiveError.Invalid($"{where} has no Config");
        var names = ParseTags(entry.RepoTags, where);

        var configBlob = contents.Resolve(entry.Config, $"{where}'s Config");
        var config = ImageDocuments.ParseConfig(await content.ReadBlobAsync(configBlob.Digest, ContentLimits.Config, cancellationToken).ConfigureAwait(false));
        var layerNames = entry.Layers ?? [];
        if (config.RootFs.DiffIds.Count != layerNames.Count)
            throw ArchiveError.Invalid(
                $"{where}: config {configBlob.Digest} lists {config.RootFs.DiffIds.Count} diff_ids but the entry has {layerNames.Count} layers");

        var layers = new List<Descriptor>(layerNames.Count);
        for (int i = 0; i < layerNames.Count; i++)
        {
            string name = layerNames[i] ?? throw ArchiveError.Invalid($"{where}: layer {i} is null");
            var blob = contents.Resolve(name, $"{where}'s layer {i}");
            var (compression, diffId) = await LayerDiffId.OfAsync(contents, content, blob.Digest, name, cancellationToken).ConfigureAwait(false);
            var expected = config.RootFs.DiffIds[i];
            if (diffId != expected)
                throw ArchiveError.Invalid($"{where}: layer \"{ArchiveError.Show(name)}\" has diffID {diffId}, but the config says {expected}");
            var layer = blob.Describe(LayerDiffId.MediaTypeOf(compression));
            if (entry.LayerSources?.GetValueOrDefault(expected.ToString()) is { } source && source.Digest == blob.Digest)
                layer = layer with { MediaType = source.MediaType, Urls = source.Urls, Annotations = source.Annotations };
            layers.Add(layer);
        }

        var target = known.FirstOrDefault(k => k.Manifest.Config.Digest == configBlob.Digest
            && k.Manifest.Layers.Select(l => l.Digest).SequenceEqual(layers.Select(l => l.Digest))).Descriptor;
        if (target is null)
        {
            var manifest = new ImageManifest
            {
                MediaType = MediaTypes.OciManifest,
                Config = configBlob.Describe(MediaTypes.OciConfig),
                Layers = layers,
            };
            var stored = await content.WriteBlobAsync(ImageDocuments.Serialize(manifest), cancellationToken: cancellationToken).ConfigureAwait(false);
            target = stored.Describe(MediaTypes.OciManifest);
        }
        return new PendingImage(target, configBlob.Digest, names);
    }

    private static List<ImageReference> ParseTags(IReadOnlyList<string>? tags, string where)
    {
        var names = new List<ImageReference>();
        foreach (string tag in tags ?? [])
        {
            if (!ImageReference.TryParse(tag ?? "", out var name) || name.Tag is null)
                throw ArchiveError.Invalid($"{where}: RepoTags has \"{ArchiveError.Show(tag ?? "null")}\", which is not a tagged image name");
            if (!names.Contains(name)) names.Add(name);
        }
        return names;
    }

    /// <summary>
    /// The OCI manifests the archive's index.json lists and carries, to keep rather than rebuild.
    /// A docker-archive's index.json is optional: Docker ignores it, so a broken one is skipped.
    /// </summary>
    private static async Task<List<(Descriptor, ImageManifest)>> OciManifestsAsync(ArchiveContents contents, IContentProvider content,
        CancellationToken cancellationToken)
    {
        var found = new List<(Descriptor, ImageManifest)>();
        if (contents.Document(ArchivePath.IndexFile) is not { } json) return found;
        try
        {
            foreach (var descriptor in ImageDocuments.ParseIndex(json).Manifests)
            {
                if (!MediaTypes.IsManifest(descriptor.MediaType) || !await content.ExistsAsync(descriptor.Digest, cancellationToken).ConfigureAwait(false))
                    continue;
                var manifest = ImageDocuments.ParseManifest(await content.ReadBlobAsync(descriptor, ContentLimits.Manifest, cancellationToken).ConfigureAwait(false));
                found.Add((descriptor with { Annotations = null, Platform = null }, manifest));
            }
        }
        catch (WharfException)
        {
            // Not Docker's source of truth: manifest.json is.
        }
        return found;
    }
}
