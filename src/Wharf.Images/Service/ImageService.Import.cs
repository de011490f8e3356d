using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Images.Changes;
using Wharf.Images.Import;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// `docker import`: a root filesystem tar (plain, gzip or zstd) becomes a one-layer image. The
    /// layer is stored gzip-compressed; its diffID is the sha256 of the uncompressed tar. Returns the
    /// image ID (the config digest). Options are checked before any content is read. The layer is
    /// unpacked before the image is named, as Docker's import registers it: a tar that cannot be
    /// unpacked (a hostile one) fails the import and names nothing.
    /// </summary>
    public async Task<Digest> ImportAsync(Stream rootfsTar, ImportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rootfsTar);
        ArgumentNullException.ThrowIfNull(options);
        ImageReference? name = options.Reference is { } text ? ParseNewName(text) : null;
        var execution = ImageChanges.Apply(null, options.Changes);
        var platform = (options.Platform ?? Platform.Host).Normalize();
        string comment = string.IsNullOrEmpty(options.Message) ? "Imported from -" : options.Message;

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (layer, diffId) = await WriteLayerAsync(rootfsTar, cancellationToken).ConfigureAwait(false);
            var created = DateTimeOffset.UtcNow;
            var config = new ImageConfig
            {
                Created = created,
                Architecture = platform.Architecture,
                OS = platform.OS,
                Variant = platform.Variant,
                Config = execution,
                RootFs = new ImageRootFs { DiffIds = [diffId] },
                History = [new ImageHistory { Created = created, Comment = comment }],
                Comment = comment,
            };
            return await PublishAsync(config, [layer], name, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A name an image can be given: normalised, ":latest" by default, no digest.</summary>
    private static ImageReference ParseNewName(string text)
    {
        var reference = ImageReference.Parse(text);
        if (reference.Digest is not null) throw WharfException.Invalid($"refusing to create a tag with a digest reference: {text}");
        return reference;
    }

    /// <summary>Streams the tar into a gzip layer blob, hashing the uncompressed bytes for the diffID.</summary>
    private async Task<(Descriptor Layer, Digest DiffId)> WriteLayerAsync(Stream input, CancellationToken cancellationToken)
    {
        await using var tar = await RootfsArchive.OpenAsync(input, cancellationToken).ConfigureAwait(false);
        await using var writer = await content.BeginIngestAsync(null, cancellationToken: cancellationToken).ConfigureAwait(false);
        using var diffHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            await using (var gzip = new GZipStream(writer.AsStream(), CompressionLevel.Fastest, leaveOpen: false))
            {
                int first = await tar.ReadAtLeastAsync(buffer.AsMemory(0, RootfsArchive.BlockSize), RootfsArchive.BlockSize,
                    throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (!RootfsArchive.IsTarStart(buffer.AsSpan(0, first)))
                    throw WharfException.Invalid("invalid rootfs archive: it is not a tar file (plain, gzip or zstd)");
                int read = first;
                do
                {
                    diffHash.AppendData(buffer, 0, read);
                    await gzip.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                while ((read = await tar.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0);
            }
            var info = await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (info.Describe(MediaTypes.OciLayerGzip), Digest.FromSha256(diffHash.GetHashAndReset()));
        }
        catch (Exception e) when (CompressedStream.IsCorruption(e))
        {
            throw WharfException.Invalid($"invalid rootfs archive: corrupt compressed stream: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw WharfException.Invalid("invalid rootfs archive: the compressed stream is truncated", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
