using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Images.Changes;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// `docker commit`: a container's writable layer (the upper directory of its active snapshot)
    /// becomes one more layer on top of the image it was created from. The caller keeps the
    /// container still (Docker pauses it) while the diff is read. The new layer is unpacked (a
    /// committed snapshot of its own) before the image is named. Returns the new image ID.
    /// </summary>
    public async Task<Digest> CommitAsync(string baseImage, string upperDirectory, CommitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ImageReference? name = options.Reference is { } text ? ParseNewName(text) : null;
        var execution = ImageChanges.Apply(options.ContainerConfig, options.Changes);
        var parent = await ResolveAsync(baseImage, cancellationToken).ConfigureAwait(false);
        if (!Directory.Exists(upperDirectory))
            throw WharfException.NotFound($"container layer {upperDirectory} does not exist");

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (layer, diffId) = await WriteDiffAsync(upperDirectory, cancellationToken).ConfigureAwait(false);
            var created = DateTimeOffset.UtcNow;
            var config = parent.Config with
            {
                Created = created,
                Author = options.Author,
                Config = execution,
                RootFs = new ImageRootFs { DiffIds = [.. parent.Config.RootFs.DiffIds, diffId] },
                History = [.. parent.Config.History ?? [], new ImageHistory
                {
                    Created = created,
                    CreatedBy = options.CreatedBy,
                    Author = options.Author,
                    Comment = options.Message,
                }],
                Comment = options.Message,
                // What Docker kept about the base image's own build container does not describe this one.
                Extra = null,
            };
            return await PublishAsync(config, [.. parent.Manifest.Layers, layer], name, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Streams the upper directory's diff, gzip-compressed, into the content store.</summary>
    private async Task<(Descriptor Layer, Digest DiffId)> WriteDiffAsync(string upperDirectory, CancellationToken cancellationToken)
    {
        await using var writer = await content.BeginIngestAsync(null, cancellationToken: cancellationToken).ConfigureAwait(false);
        LayerDiffResult diff;
        await using (var stream = writer.AsStream())
            diff = await LayerDiffer.WriteAsync(upperDirectory, stream, LayerCompression.Gzip, cancellationToken).ConfigureAwait(false);
        var info = await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (info.Digest != diff.Digest)
            throw new WharfException(ErrorKind.Internal, $"commit: the stored layer is {info.Digest} but the differ wrote {diff.Digest}");
        return (info.Describe(MediaTypes.OciLayerGzip), diff.DiffId);
    }
}
