using Wharf.Core.Images;
using Wharf.Snapshots.Layers.Diff;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Layers;

/// <summary>Turns an overlayfs upper directory back into an OCI layer (a container's changes, for commit).</summary>
public static class LayerDiffer
{
    /// <summary>
    /// Writes <paramref name="upperDir"/> as a PAX tar to <paramref name="output"/>, compressed as asked.
    /// Deterministic: names sorted, whole-second mtimes, no user names or atimes, so the same tree
    /// gives the same bytes. 0/0 character devices become `.wh.NAME`, opaque directories get a
    /// `.wh..wh..opq` entry, a second name of an inode becomes a hard link. Of the xattrs only
    /// security.capability is kept (a SCHILY.xattr record), as Docker's archive writer does, so the
    /// same upper directory gives Docker's bytes. The output is not closed.
    /// </summary>
    public static async Task<LayerDiffResult> WriteAsync(string upperDir, Stream output, LayerCompression compression, CancellationToken cancellationToken)
    {
        await using var blob = new DigestStream(output, leaveOpen: true);
        Stream? compressor = compression == LayerCompression.None ? null : LayerCodec.OpenWrite(blob, compression);
        await using var tar = compressor is null ? null : new DigestStream(compressor, leaveOpen: false);
        var uncompressed = tar ?? blob;
        // Headers are 512 bytes each: gather them before hashing and compressing. Not disposed,
        // which would close the streams under it before their digests are read.
        var buffered = new BufferedStream(uncompressed, 128 * 1024);
        var writer = new LayerTarWriter(buffered);
        await new UpperDirArchive(writer).WriteAsync(upperDir, cancellationToken).ConfigureAwait(false);
        await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        await buffered.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (compressor is not null) await compressor.DisposeAsync().ConfigureAwait(false); // writes the trailer
        await blob.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new LayerDiffResult(uncompressed.Digest, uncompressed.Count, blob.Digest, blob.Count, compression);
    }

    /// <inheritdoc cref="WriteAsync(string, Stream, LayerCompression, CancellationToken)"/>
    public static Task<LayerDiffResult> WriteAsync(string upperDir, Stream output, CancellationToken cancellationToken) =>
        WriteAsync(upperDir, output, LayerCompression.None, cancellationToken);
}
