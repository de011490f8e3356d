using Wharf.Core;
using Wharf.Snapshots.Layers.Apply;
using Wharf.Snapshots.Layers.Diff;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Layers;

/// <summary>How <see cref="TreeArchive.ExtractAsync"/> treats what it finds in the target.</summary>
public sealed record TreeExtractOptions
{
    /// <summary>
    /// The target's name as the user knows it (a path in a container), for messages. Required
    /// with <see cref="NoOverwriteDirNonDir"/>.
    /// </summary>
    public string ShownTarget { get; init; } = "";

    /// <summary>Refuse to replace a directory with a non-directory or the other way round (Docker's option of the same name).</summary>
    public bool NoOverwriteDirNonDir { get; init; }

    /// <summary>Every entry's owner, instead of the archive's (docker cp -a).</summary>
    public (uint Uid, uint Gid)? Owner { get; init; }

    public LayerLimits Limits { get; init; } = LayerLimits.Default;
}

/// <summary>
/// Tar archives of a part of a tree and back (the Engine API's container archive endpoints, `docker
/// cp`), with the layer code's containment: nothing is followed below the directory the caller
/// resolved, so an archive cannot write outside it, whatever its names, symlinks and hard links say.
/// </summary>
public static class TreeArchive
{
    /// <summary>
    /// Writes the node <paramref name="name"/> of the directory <paramref name="parentFd"/> ("." for
    /// that directory itself) as a tar to <paramref name="output"/>: its entries are named
    /// <paramref name="archiveName"/>, a directory's contents <c>archiveName/...</c>. A symlink is
    /// archived as the link; sockets are skipped; a second name of an inode becomes a hard link; of
    /// the xattrs only security.capability is kept, as Docker's archive writer does. The output is not closed.
    /// </summary>
    public static async Task WriteAsync(int parentFd, string name, string archiveName, Stream output, CancellationToken cancellationToken)
    {
        var buffered = new BufferedStream(output, 128 * 1024);
        var writer = new LayerTarWriter(buffered);
        await new UpperDirArchive(writer, overlayWhiteouts: false).WriteNodeTreeAsync(parentFd, name, archiveName, cancellationToken).ConfigureAwait(false);
        await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        await buffered.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Unpacks <paramref name="archive"/> (plain tar, gzip or zstd) into the directory
    /// <paramref name="directoryFd"/>, merging with what is there: an entry replaces what has its
    /// name, a directory over a directory is merged. `.wh.` names are plain files. Modes, owners
    /// (or <see cref="TreeExtractOptions.Owner"/>), times, xattrs, symlinks, hard links and devices are kept.
    /// </summary>
    /// <remarks>
    /// The archive is untrusted: absolute names are taken relative to the directory, a name or hard-link
    /// target that climbs out with "..", or passes through a symlink, is an error (InvalidArgument), so
    /// nothing outside the directory is created, changed or removed. On error what was written stays.
    /// </remarks>
    public static async Task ExtractAsync(Stream archive, int directoryFd, TreeExtractOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        try
        {
            var (tar, compression) = await LayerCodec.OpenReadAsync(archive, cancellationToken).ConfigureAwait(false);
            await using var _ = tar;
            using var target = new LayerTarget(directoryFd) { KindChangeRefusedIn = options.NoOverwriteDirNonDir ? options.ShownTarget : null };
            var reader = new LayerTarReader(tar, options.Limits);
            var extraction = new LayerExtraction(target, reader, options.Limits, new ExtractionRules { Whiteouts = false, Owner = options.Owner });
            try
            {
                while (await reader.NextAsync(cancellationToken).ConfigureAwait(false) is { } entry)
                    await extraction.ApplyAsync(entry, cancellationToken).ConfigureAwait(false);
                extraction.SetDirectoryTimes();
            }
            catch (Exception e) when (LayerCodec.IsCorruption(e))
            {
                throw LayerError.Archive($"corrupt {compression.ToString().ToLowerInvariant()} stream: {e.Message}", e);
            }
            catch (EndOfStreamException e)
            {
                throw LayerError.Archive($"{compression.ToString().ToLowerInvariant()} stream is truncated", e);
            }
        }
        catch (WharfException e) when (e.Kind == ErrorKind.InvalidArgument && e.Message.StartsWith(LayerWording, StringComparison.Ordinal))
        {
            // The layer code's words; this is an archive of files, not a layer.
            throw WharfException.Invalid("invalid archive" + e.Message[LayerWording.Length..].Replace("layer root", "target directory", StringComparison.Ordinal), e);
        }
    }

    private const string LayerWording = "invalid layer";
}
