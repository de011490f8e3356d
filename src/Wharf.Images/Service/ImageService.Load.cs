using Wharf.Images.Archive;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// `docker load`: reads a docker-archive or OCI layout tar (plain, gzip or zstd) into the content
    /// store, unpacks every image in it, and only then gives them their names, so a load that fails
    /// names nothing. A name that already pointed at another image moves, and that image is kept
    /// dangling if it was its last name (Docker's "renaming the old one"). Returns one entry per
    /// name given, and one without a name for each image the archive left untagged.
    /// </summary>
    /// <remarks>
    /// This is the load a daemon serves; <see cref="ImageArchiveReader.LoadAsync"/> alone stores and
    /// names without unpacking or taking turns with removals. The archive is read once, front to
    /// back, and each layer is unpacked as its bytes go by, into a snapshot of its own (see
    /// <see cref="EarlyLayers"/>); once the manifests are read, the ones the images need are
    /// committed in order. A layer that could not be unpacked that way is unpacked from the store
    /// afterwards, side by side with the others (see <see cref="UnpackAsync(string, CancellationToken)"/>).
    /// </remarks>
    /// <param name="progress">Told how far each layer of the archive has been read, as it is read.</param>
    public async Task<IReadOnlyList<LoadedImage>> LoadAsync(Stream archive, CancellationToken cancellationToken = default, IProgress<LayerProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(archive);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var early = new EarlyLayers(content, snapshots);
            var pending = await new ImageArchiveReader(content, images).ReadAsync(archive, early.TeeAsync, cancellationToken, progress).ConfigureAwait(false);
            foreach (var image in pending)
            {
                var documents = await ReadDocumentsAsync(image.Target, cancellationToken).ConfigureAwait(false);
                await UnpackAsync(image.Id, documents.ManifestDocument, documents.Config, early, cancellationToken).ConfigureAwait(false);
            }

            var loaded = new List<LoadedImage>();
            foreach (var image in pending)
            {
                foreach (var name in image.Names)
                {
                    await SetNameAsync(name.ToString(), image.Target, cancellationToken).ConfigureAwait(false);
                    loaded.Add(new LoadedImage(name, image.Id, image.Target));
                }
                if (image.Names.Count > 0) continue;
                await KeepDanglingAsync(image.Target, cancellationToken).ConfigureAwait(false);
                loaded.Add(new LoadedImage(null, image.Id, image.Target));
            }
            return loaded;
        }
        finally
        {
            _gate.Release();
        }
    }
}
