using Wharf.Content;
using Wharf.Core.Images;

namespace Wharf.Images.Archive;

/// <summary>
/// `docker load`: reads a docker-archive (manifest.json, old style or Docker 25+) or an OCI
/// layout tar, either one plain, gzip- or zstd-compressed, into the content store and records its
/// images. The archive is untrusted and read once, sequentially, never extracted by its own
/// names. Records are written only when every image in the archive checked out complete, so a
/// failed load records nothing (blobs it committed stay for the collector).
/// </summary>
public sealed class ImageArchiveReader(IContentStore content, IImageStore images, PlatformMatcher? platforms = null, TimeProvider? time = null)
{
    private readonly PlatformMatcher _platforms = platforms ?? PlatformMatcher.ForHost;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>
    /// Loads the archive; returns one entry per name recorded, and one without a name for each
    /// image the archive left untagged. InvalidArgument naming what is wrong for a bad archive.
    /// </summary>
    public async Task<IReadOnlyList<LoadedImage>> LoadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        var pending = await ReadAsync(input, tees: null, cancellationToken).ConfigureAwait(false);
        return await RecordAsync(pending, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first half of <see cref="LoadAsync"/>: every blob stored and checked, nothing recorded.</summary>
    /// <param name="tees">What each file is fed to besides the store (see <see cref="SpoolTee"/>); null for the default.</param>
    /// <param name="progress">Told how far each layer has been read (docker's "Loading layer").</param>
    internal async Task<List<PendingImage>> ReadAsync(Stream input, SpoolTees? tees, CancellationToken cancellationToken, IProgress<LayerProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArchiveContents contents;
        await using (var tar = await ArchiveCompression.OpenAsync(input, cancellationToken).ConfigureAwait(false))
            contents = await ArchiveSpooler.ReadAsync(tar, content, tees, cancellationToken, progress).ConfigureAwait(false);

        List<PendingImage> pending;
        if (contents.Document(ArchivePath.ManifestFile) is not null)
            pending = await DockerArchiveImport.ResolveAsync(contents, content, cancellationToken).ConfigureAwait(false);
        else if (contents.Document(ArchivePath.IndexFile) is not null)
            pending = await OciLayoutImport.ResolveAsync(contents, content, _platforms, cancellationToken).ConfigureAwait(false);
        else
            throw ArchiveError.Invalid("it has neither manifest.json nor index.json (not a docker-archive or OCI layout)");
        return pending;
    }

    private async Task<List<LoadedImage>> RecordAsync(List<PendingImage> pending, CancellationToken cancellationToken)
    {
        var loaded = new List<LoadedImage>();
        var now = _time.GetUtcNow();
        foreach (var image in pending)
        {
            foreach (var name in image.Names)
            {
                string recordName = name.ToString();
                var existing = await images.GetAsync(recordName, cancellationToken).ConfigureAwait(false);
                await images.PutAsync(new ImageRecord
                {
                    Name = recordName,
                    Target = image.Target,
                    Created = existing?.Created ?? now,
                    Updated = now,
                    Labels = existing?.Labels,
                }, cancellationToken).ConfigureAwait(false);
                loaded.Add(new LoadedImage(name, image.Id, image.Target));
            }
            if (image.Names.Count > 0) continue;

            // Untagged: keep it by a dangling record unless some record already holds it.
            var all = await images.ListAsync(cancellationToken).ConfigureAwait(false);
            if (!all.Any(r => r.Target.Digest == image.Target.Digest))
                await images.PutAsync(new ImageRecord
                {
                    Name = ImageRecord.DanglingName(image.Target),
                    Target = image.Target,
                    Created = now,
                    Updated = now,
                }, cancellationToken).ConfigureAwait(false);
            loaded.Add(new LoadedImage(null, image.Id, image.Target));
        }
        return loaded;
    }
}
