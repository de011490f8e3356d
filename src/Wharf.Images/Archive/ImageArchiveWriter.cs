using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;

namespace Wharf.Images.Archive;

/// <summary>
/// `docker save` as Docker 25+ writes it: one tar holding an OCI image layout (oci-layout,
/// index.json, blobs/sha256/...) and the docker-archive files next to it (manifest.json,
/// repositories) pointing at the same blobs, so both `docker load` and OCI tools read it. Blobs
/// are streamed from the content store, each written once however many images share it; layers
/// go in as stored (compressed or not), which `docker load` accepts. The output is reproducible.
/// </summary>
public sealed class ImageArchiveWriter(IContentProvider content, PlatformMatcher? platforms = null)
{
    /// <summary>containerd's annotation for the image's full name on an index entry.</summary>
    public const string ImageNameAnnotation = "io.containerd.image.name";

    /// <summary>The OCI annotation for the reference's tag on an index entry.</summary>
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private readonly PlatformMatcher _platforms = platforms ?? PlatformMatcher.ForHost;

    /// <summary>
    /// Writes the images to <paramref name="output"/>. Each pairs a name (null for an image saved by
    /// ID; a name without a tag gets ":latest"; a digest-only name is saved untagged, as Docker
    /// does) with the manifest or index it points at. An image listed under several names is
    /// written once, with all of them.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<(ImageReference? Name, Descriptor Manifest)> images, Stream output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw WharfException.Invalid("no images to save");

        // Resolve everything before the first byte is written, so a missing image fails cleanly.
        var saved = new List<(ArchiveImage Image, List<ImageReference> Names)>();
        var byTarget = new Dictionary<Digest, int>();
        foreach (var (name, target) in images)
        {
            if (!byTarget.TryGetValue(target.Digest, out int at))
            {
                at = saved.Count;
                byTarget[target.Digest] = at;
                saved.Add((await ArchiveImage.ResolveAsync(content, target, _platforms, cancellationToken).ConfigureAwait(false), []));
            }
            if (TaggedName(name) is { } tagged && !saved[at].Names.Contains(tagged)) saved[at].Names.Add(tagged);
        }

        await using (var tar = new ArchiveTarOutput(output))
        {
            foreach (var (image, _) in saved)
            {
                await tar.BlobAsync(content, image.ManifestDescriptor.Digest, image.ManifestDescriptor.Size, cancellationToken).ConfigureAwait(false);
                await tar.BlobAsync(content, image.Manifest.Config.Digest, image.Manifest.Config.Size, cancellationToken).ConfigureAwait(false);
                foreach (var layer in image.Manifest.Layers)
                    await tar.BlobAsync(content, layer.Digest, layer.Size, cancellationToken).ConfigureAwait(false);
            }
            await tar.FileAsync(ArchivePath.IndexFile, ImageDocuments.Serialize(Index(saved)), cancellationToken).ConfigureAwait(false);
            await tar.FileAsync(ArchivePath.ManifestFile,
                ArchiveJsonContext.Write(DockerManifest(saved), ArchiveJsonContext.Default.ListDockerArchiveEntry), cancellationToken).ConfigureAwait(false);
            await tar.FileAsync(ArchivePath.OciLayoutFile,
                ArchiveJsonContext.Write(new OciLayoutDocument { ImageLayoutVersion = OciLayoutDocument.CurrentVersion }, ArchiveJsonContext.Default.OciLayoutDocument),
                cancellationToken).ConfigureAwait(false);
            if (Repositories(saved) is { Count: > 0 } repositories)
                await tar.FileAsync(ArchivePath.RepositoriesFile,
                    ArchiveJsonContext.Write(repositories, ArchiveJsonContext.Default.SortedDictionaryStringSortedDictionaryStringString),
                    cancellationToken).ConfigureAwait(false);
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ImageReference? TaggedName(ImageReference? name) =>
        name is null ? null : name.IsNameOnly ? name.WithDefaultTag() : name.Tag is null ? null : name.WithoutTagOrDigest().WithTag(name.Tag);

    /// <summary>index.json: one entry per name (as Docker writes it), an untagged image once without names.</summary>
    private static ImageIndex Index(List<(ArchiveImage Image, List<ImageReference> Names)> saved)
    {
        var entries = new List<Descriptor>();
        foreach (var (image, names) in saved)
        {
            var entry = new Descriptor
            {
                MediaType = image.ManifestDescriptor.MediaType,
                Digest = image.ManifestDescriptor.Digest,
                Size = image.ManifestDescriptor.Size,
                Platform = image.Platform,
            };
            if (names.Count == 0) entries.Add(entry);
            foreach (var name in names)
                entries.Add(entry with
                {
                    Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
                    {
                        [ImageNameAnnotation] = name.ToString(),
                        [RefNameAnnotation] = name.Tag!,
                    },
                });
        }
        return new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = entries };
    }

    /// <summary>manifest.json: one entry per image, its layers as the blobs they are.</summary>
    private static List<DockerArchiveEntry> DockerManifest(List<(ArchiveImage Image, List<ImageReference> Names)> saved) =>
        saved.Select(s => new DockerArchiveEntry
        {
            Config = ArchivePath.Blob(s.Image.Manifest.Config.Digest),
            RepoTags = s.Names.Count == 0 ? null : s.Names.Select(n => n.FamiliarString).ToList(),
            Layers = s.Image.Manifest.Layers.Select(l => ArchivePath.Blob(l.Digest)).ToList(),
            LayerSources = LayerSources(s.Image),
        }).ToList();

    /// <summary>Foreign layers' descriptors by diffID, so a load keeps their URLs and media types.</summary>
    private static SortedDictionary<string, Descriptor>? LayerSources(ArchiveImage image)
    {
        SortedDictionary<string, Descriptor>? sources = null;
        for (int i = 0; i < image.Manifest.Layers.Count; i++)
        {
            var layer = image.Manifest.Layers[i];
            if (!MediaTypes.IsForeignLayer(layer.MediaType)) continue;
            sources ??= new SortedDictionary<string, Descriptor>(StringComparer.Ordinal);
            sources[image.Config.RootFs.DiffIds[i].ToString()] = layer;
        }
        return sources;
    }

    /// <summary>repositories: familiar name → tag → the hex of the image's top layer blob.</summary>
    private static SortedDictionary<string, SortedDictionary<string, string>> Repositories(List<(ArchiveImage Image, List<ImageReference> Names)> saved)
    {
        var repositories = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (image, names) in saved)
        {
            if (image.Manifest.Layers.Count == 0) continue;
            string top = image.Manifest.Layers[^1].Digest.Hex;
            foreach (var name in names)
            {
                if (!repositories.TryGetValue(name.FamiliarName, out var tags))
                    repositories[name.FamiliarName] = tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
                tags[name.Tag!] = top;
            }
        }
        return repositories;
    }
}
