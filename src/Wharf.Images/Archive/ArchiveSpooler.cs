using Wharf.Snapshots.Layers;
using System.Buffers;
using System.Formats.Tar;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Images.Archive;

/// <summary>
/// Reads an archive's tar once, front to back: top-level documents into memory (bounded),
/// OCI layout blobs into the content store verified against the digest their name claims, every
/// other file into the store by the digest it has. Entry names must be plain relative paths;
/// links are recorded, never followed on disk; devices and the like are refused.
/// </summary>
internal static class ArchiveSpooler
{
    private static readonly HashSet<string> Documents = new(StringComparer.Ordinal)
    {
        ArchivePath.ManifestFile, ArchivePath.IndexFile, ArchivePath.OciLayoutFile, ArchivePath.RepositoriesFile,
    };

    public static async Task<ArchiveContents> ReadAsync(Stream tar, IContentIngester content, CancellationToken cancellationToken)
    {
        var contents = new ArchiveContents();
        try
        {
            using var reader = new TarReader(tar, leaveOpen: true);
            bool any = false;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                any = true;
                await TakeAsync(entry, contents, content, cancellationToken).ConfigureAwait(false);
            }
            if (!any) throw ArchiveError.Invalid("the tar is empty");
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException || CompressedStream.IsCorruption(e))
        {
            throw ArchiveError.Invalid($"the tar is truncated or corrupt: {e.Message}", e);
        }
        return contents;
    }

    private static async Task TakeAsync(TarEntry entry, ArchiveContents contents, IContentIngester content, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes:
                ArchivePath.Clean(entry.Name);
                return;
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
            {
                string name = ArchivePath.Clean(entry.Name);
                contents.Claim(name);
                string target = ArchivePath.LinkTarget(name, entry.LinkName, entry.EntryType == TarEntryType.SymbolicLink)
                    ?? throw ArchiveError.Entry(entry.Name, $"the link points outside the archive (\"{ArchiveError.Show(entry.LinkName)}\")");
                contents.AddLink(name, target);
                return;
            }
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                break;
            default:
                throw ArchiveError.Entry(entry.Name, $"entries of type {entry.EntryType} have no place in an image archive");
        }

        string file = ArchivePath.Clean(entry.Name);
        contents.Claim(file);
        if (Documents.Contains(file))
        {
            contents.AddDocument(file, await ReadDocumentAsync(entry, file, cancellationToken).ConfigureAwait(false));
            return;
        }
        if (IsLegacyLayerMetadata(file)) return; // <id>/json and <id>/VERSION: nothing reads them since Docker 1.10
        var (blob, layer) = await IngestAsync(entry, file, ArchivePath.BlobDigest(file), content, cancellationToken).ConfigureAwait(false);
        contents.AddFile(file, blob, layer);
    }

    private static bool IsLegacyLayerMetadata(string name) =>
        name.Split('/') is [_, "json" or "VERSION"];

    private static async Task<byte[]> ReadDocumentAsync(TarEntry entry, string name, CancellationToken cancellationToken)
    {
        if (entry.Length > ContentLimits.Manifest)
            throw ArchiveError.Entry(name, $"{entry.Length} bytes is too large, at most {ContentLimits.Manifest} accepted");
        var buffer = new byte[entry.Length];
        if (entry.DataStream is { } data)
        {
            int read = await data.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < buffer.Length) throw Truncated(name, read, entry.Length);
        }
        return buffer;
    }

    /// <summary>
    /// Streams the entry into the store. A file whose first bytes say gzip or zstd is decompressed and
    /// hashed on the side as it goes (it may be a layer, whose diffID the import needs).
    /// </summary>
    private static async Task<(ContentInfo Blob, LayerContent? Layer)> IngestAsync(TarEntry entry, string name, Digest? expected,
        IContentIngester content, CancellationToken cancellationToken)
    {
        await using var writer = await content.BeginIngestAsync(expected, entry.Length, cancellationToken).ConfigureAwait(false);
        UncompressedDigest? uncompressed = null;
        LayerContent? layer = null;
        try
        {
            if (entry.DataStream is { } data)
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
                try
                {
                    int read = await data.ReadAtLeastAsync(buffer, Math.Min(buffer.Length, 8), throwOnEndOfStream: false, cancellationToken)
                        .ConfigureAwait(false);
                    if (CompressedStream.Sniff(buffer.AsSpan(0, read)) is not LayerCompression.None and var compression)
                        uncompressed = new UncompressedDigest(compression, cancellationToken);
                    while (read > 0)
                    {
                        await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        if (uncompressed is not null) await uncompressed.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            if (writer.Written != entry.Length) throw Truncated(name, writer.Written, entry.Length);
            if (uncompressed is not null) layer = await uncompressed.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            if (uncompressed is not null) await uncompressed.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            return (await writer.CommitAsync(cancellationToken).ConfigureAwait(false), layer);
        }
        catch (WharfException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            throw ArchiveError.Entry(name, $"its content does not match its name: {e.Message}");
        }
    }

    private static WharfException Truncated(string name, long read, long length) =>
        ArchiveError.Entry(name, $"the tar is truncated: the entry ends after {read} of its {length} bytes");
}
