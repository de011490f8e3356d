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

    /// <param name="tees">What each file is also fed to as it goes by; by default a compressed one is hashed decompressed.</param>
    public static async Task<ArchiveContents> ReadAsync(Stream tar, IContentIngester content, SpoolTees? tees, CancellationToken cancellationToken)
    {
        var contents = new ArchiveContents();
        tees ??= DefaultTees;
        try
        {
            using var reader = new TarReader(tar, leaveOpen: true);
            bool any = false;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                any = true;
                await TakeAsync(entry, contents, content, tees, cancellationToken).ConfigureAwait(false);
            }
            if (!any) throw ArchiveError.Invalid("the tar is empty");
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException || CompressedStream.IsCorruption(e))
        {
            throw ArchiveError.Invalid($"the tar is truncated or corrupt: {e.Message}", e);
        }
        return contents;
    }

    /// <summary>A compressed file is hashed decompressed (it may be a layer, whose diffID the import needs).</summary>
    public static ValueTask<SpoolTee?> DefaultTees(SpoolFile file, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SpoolTee?>(file.Compression == LayerCompression.None ? null : new UncompressedDigest(file.Compression, cancellationToken));

    private static async Task TakeAsync(TarEntry entry, ArchiveContents contents, IContentIngester content, SpoolTees tees,
        CancellationToken cancellationToken)
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
        var (blob, layer) = await IngestAsync(entry, file, ArchivePath.BlobDigest(file), content, tees, cancellationToken).ConfigureAwait(false);
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
    /// Streams the entry into the store, and into the tee its name and first bytes choose (a
    /// compressed file's diffID, a layer unpacked as it goes by), so nothing is read twice.
    /// </summary>
    private static async Task<(ContentInfo Blob, LayerContent? Layer)> IngestAsync(TarEntry entry, string name, Digest? expected,
        IContentIngester content, SpoolTees tees, CancellationToken cancellationToken)
    {
        await using var writer = await content.BeginIngestAsync(expected, entry.Length, cancellationToken).ConfigureAwait(false);
        SpoolTee? tee = null;
        LayerContent? layer = null;
        try
        {
            if (entry.DataStream is { } data)
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
                try
                {
                    int read = await data.ReadAtLeastAsync(buffer, (int)Math.Min(TarHeaderSize, entry.Length), throwOnEndOfStream: false, cancellationToken)
                        .ConfigureAwait(false);
                    var head = buffer.AsSpan(0, read);
                    var compression = CompressedStream.Sniff(head);
                    tee = await tees(new SpoolFile(name, expected, compression, compression == LayerCompression.None && IsTarHeader(head)), cancellationToken)
                        .ConfigureAwait(false);
                    while (read > 0)
                    {
                        await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        if (tee is not null) await tee.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            if (writer.Written != entry.Length) throw Truncated(name, writer.Written, entry.Length);
            if (tee is not null) layer = await tee.CompleteAsync().ConfigureAwait(false);
            ContentInfo blob;
            try
            {
                blob = await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (WharfException e) when (e.Kind == ErrorKind.InvalidArgument)
            {
                throw ArchiveError.Entry(name, $"its content does not match its name: {e.Message}");
            }
            tee?.Stored(blob);
            return (blob, layer);
        }
        finally
        {
            if (tee is not null) await tee.DisposeAsync().ConfigureAwait(false);
        }
    }

    private const int TarHeaderSize = 512;

    /// <summary>A POSIX tar header: "ustar" at offset 257 (GNU and PAX tars have it; pre-POSIX v7 tars are not recognised).</summary>
    private static bool IsTarHeader(ReadOnlySpan<byte> head) => head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8);

    private static WharfException Truncated(string name, long read, long length) =>
        ArchiveError.Entry(name, $"the tar is truncated: the entry ends after {read} of its {length} bytes");
}
