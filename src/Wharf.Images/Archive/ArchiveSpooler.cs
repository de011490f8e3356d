using Wharf.Snapshots.Layers;
using System.Buffers;
using System.Formats.Tar;
using Wharf.Content;
using Wharf.Core;

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
        contents.AddFile(file, await IngestAsync(entry, file, ArchivePath.BlobDigest(file), content, cancellationToken).ConfigureAwait(false));
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

    private static async Task<ContentInfo> IngestAsync(TarEntry entry, string name, Digest? expected, IContentIngester content,
        CancellationToken cancellationToken)
    {
        await using var writer = await content.BeginIngestAsync(expected, entry.Length, cancellationToken).ConfigureAwait(false);
        if (entry.DataStream is { } data)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
            try
            {
                int read;
                while ((read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        if (writer.Written != entry.Length) throw Truncated(name, writer.Written, entry.Length);
        try
        {
            return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WharfException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            throw ArchiveError.Entry(name, $"its content does not match its name: {e.Message}");
        }
    }

    private static WharfException Truncated(string name, long read, long length) =>
        ArchiveError.Entry(name, $"the tar is truncated: the entry ends after {read} of its {length} bytes");
}
