using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Snapshots.Layers.Apply;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Layers;

/// <summary>Unpacks an OCI layer into a directory that becomes one overlayfs layer (containerd's archive.Apply).</summary>
public static class LayerApplier
{
    /// <summary>
    /// Unpacks <paramref name="layer"/> (plain tar, gzip or zstd, told apart by magic bytes) into
    /// <paramref name="targetDir"/>, which must be an empty directory. Whiteouts become overlayfs's:
    /// `.wh.NAME` a 0/0 character device, `.wh..wh..opq` the trusted.overlay.opaque=y xattr.
    /// Modes (setuid/setgid/sticky too), numeric owners, xattrs, hard links, symlinks, devices,
    /// FIFOs and mtimes are kept. Needs root (chown, mknod, trusted.* xattrs).
    /// </summary>
    /// <remarks>
    /// The layer is untrusted: nothing outside <paramref name="targetDir"/> is created, changed or
    /// removed. Absolute names are taken relative to the target; a name or hard-link target that
    /// climbs out with "..", or passes through a symlink, is an error; limits are in
    /// <paramref name="limits"/>. On any error (<see cref="WharfException"/> InvalidArgument for bad
    /// input) the directory is left half-written and the caller must delete it.
    /// </remarks>
    public static Task<LayerApplyResult> ApplyAsync(Stream layer, string targetDir, LayerLimits limits, CancellationToken cancellationToken) =>
        ApplyAsync(layer, targetDir, limits, knownDiffId: null, cancellationToken);

    /// <inheritdoc cref="ApplyAsync(Stream, string, LayerLimits, CancellationToken)"/>
    /// <param name="knownDiffId">
    /// The digest of <paramref name="layer"/>'s bytes when the caller has verified it already (an
    /// uncompressed blob from a content store, which checked it on the way in). If the layer then
    /// turns out to be a plain tar, that digest is its diffID and the tar is not hashed a second
    /// time; a compressed one is hashed as usual.
    /// </param>
    public static async Task<LayerApplyResult> ApplyAsync(Stream layer, string targetDir, LayerLimits limits, Digest? knownDiffId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!Directory.Exists(targetDir)) throw new DirectoryNotFoundException($"layer target {targetDir} does not exist");
        if (Directory.EnumerateFileSystemEntries(targetDir).Any()) throw new ArgumentException($"layer target {targetDir} is not empty", nameof(targetDir));

        var (tar, compression) = await LayerCodec.OpenReadAsync(layer, cancellationToken).ConfigureAwait(false);
        bool known = knownDiffId is not null && compression == LayerCompression.None;
        await using var digesting = new DigestStream(tar, leaveOpen: false, hash: !known);
        using var target = new LayerTarget(targetDir);
        var reader = new LayerTarReader(digesting, limits);
        var extraction = new LayerExtraction(target, reader, limits);
        try
        {
            while (await reader.NextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
                await extraction.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
            extraction.SetDirectoryTimes();
            await digesting.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (LayerCodec.IsCorruption(e))
        {
            throw LayerError.Archive($"corrupt {compression.ToString().ToLowerInvariant()} stream: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw LayerError.Archive($"{compression.ToString().ToLowerInvariant()} stream is truncated", e);
        }
        long contentSize = target.Replaced ? LayerContentSize.Measure(target.Root) : extraction.ContentSize;
        return new LayerApplyResult(known ? knownDiffId!.Value : digesting.Digest, digesting.Count, compression, contentSize);
    }

    /// <inheritdoc cref="ApplyAsync(Stream, string, LayerLimits, CancellationToken)"/>
    public static Task<LayerApplyResult> ApplyAsync(Stream layer, string targetDir, CancellationToken cancellationToken) =>
        ApplyAsync(layer, targetDir, LayerLimits.Default, cancellationToken);
}
