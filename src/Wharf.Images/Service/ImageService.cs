using System.Collections.Concurrent;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Snapshots;

namespace Wharf.Images.Service;

/// <summary>
/// Docker's image behaviour over the content store, the image records and the snapshotter: import,
/// load, commit, unpack, tag, remove, list, history, inspect, resolve, prune. No HTTP: the daemon's
/// image endpoints are thin calls into this. Errors are <see cref="WharfException"/>s with Docker's messages.
/// </summary>
/// <remarks>
/// <para>Operations that change which names exist or which content is reachable (import, load,
/// commit, tag, remove, prune) take turns on one gate, so a collection never runs between an
/// import writing its blobs and its record pointing at them. A standalone unpack runs beside
/// them: the snapshots it makes belong to an image that already has a record.</para>
/// <para>As in Docker, an image is unpacked before it gets a name (import, load and commit unpack
/// it), so sizes are Docker's: the layers' unpacked sizes, recorded on their snapshots.</para>
/// </remarks>
public sealed partial class ImageService(IContentStore content, IImageStore images, ISnapshotter snapshots)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Manifests and configs never change (they are content-addressed): read each once.
    private readonly ConcurrentDictionary<Digest, ImageDocumentsRead> _documents = new();

    private sealed record ImageDocumentsRead(Descriptor Manifest, ImageManifest ManifestDocument, ImageConfig Config);

    /// <summary>The manifest and config a record's target leads to (an index narrowed to the host's platform).</summary>
    private async Task<ImageDocumentsRead> ReadDocumentsAsync(Descriptor target, CancellationToken cancellationToken)
    {
        if (_documents.TryGetValue(target.Digest, out var cached)) return cached;

        var manifestDescriptor = target;
        byte[] json = await content.ReadBlobAsync(target, ContentLimits.Manifest, cancellationToken).ConfigureAwait(false);
        string mediaType = target.MediaType.Length > 0 ? target.MediaType : ImageDocuments.DetectMediaType(json) ?? "";
        if (MediaTypes.IsIndex(mediaType))
        {
            var index = ImageDocuments.ParseIndex(json);
            manifestDescriptor = PlatformMatcher.ForHost.SelectBest(index.Manifests)
                ?? throw WharfException.NotFound($"no matching manifest for {Platform.Host} in the manifest list entries");
            json = await content.ReadBlobAsync(manifestDescriptor, ContentLimits.Manifest, cancellationToken).ConfigureAwait(false);
        }
        var manifest = ImageDocuments.ParseManifest(json);
        byte[] configJson = await content.ReadBlobAsync(manifest.Config, ContentLimits.Config, cancellationToken).ConfigureAwait(false);
        var read = new ImageDocumentsRead(manifestDescriptor, manifest, ImageDocuments.ParseConfig(configJson));
        _documents[target.Digest] = read;
        return read;
    }

    /// <summary>
    /// Every image, its records grouped by image ID (config digest), newest first. Records whose
    /// content cannot be read are left out of the listing (they stay in the store).
    /// </summary>
    private async Task<List<ResolvedImage>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var byId = new Dictionary<Digest, (ImageDocumentsRead Documents, Descriptor Target, List<ImageRecord> Records)>();
        foreach (var record in await images.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            ImageDocumentsRead documents;
            try
            {
                documents = await ReadDocumentsAsync(record.Target, cancellationToken).ConfigureAwait(false);
            }
            catch (WharfException)
            {
                continue;
            }
            var id = documents.ManifestDocument.Config.Digest;
            if (!byId.TryGetValue(id, out var entry)) byId[id] = entry = (documents, record.Target, []);
            entry.Records.Add(record);
        }
        return byId.Select(pair => new ResolvedImage(pair.Key, pair.Value.Target, pair.Value.Documents.Manifest,
                pair.Value.Documents.ManifestDocument, pair.Value.Documents.Config, pair.Value.Records))
            .OrderByDescending(image => image.Config.Created ?? DateTimeOffset.MinValue)
            .ThenBy(image => image.Id.Hex, StringComparer.Ordinal)
            .ToList();
    }

    private static string ShortId(Digest id) => id.Hex[..12];

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;
}
