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
/// links are recorded, never followed on disk; devices and the like are refused. A file's commit
/// (its fsync) runs while the next entry is read, a few at a time; all have ended when
/// <see cref="ReadAsync"/> returns or throws.
/// </summary>
internal sealed class ArchiveSpooler
{
    private static readonly HashSet<string> Documents = new(StringComparer.Ordinal)
    {
        ArchivePath.ManifestFile, ArchivePath.IndexFile, ArchivePath.OciLayoutFile, ArchivePath.RepositoriesFile,
    };

    /// <summary>Commits in flight at once; each holds a file and the bytes not yet on disk.</summary>
    private const int MaxCommitsInFlight = 4;

    private const int TarHeaderSize = 512;

    private readonly ArchiveContents _contents = new();
    private readonly IContentIngester _content;
    private readonly SpoolTees _tees;
    private readonly IProgress<LayerProgress>? _progress;
    private readonly List<Task> _commits = [];

    private ArchiveSpooler(IContentIngester content, SpoolTees tees, IProgress<LayerProgress>? progress)
    {
        _content = content;
        _tees = tees;
        _progress = progress;
    }

    /// <param name="tees">What each file is also fed to as it goes by; by default a compressed one is hashed decompressed.</param>
    /// <param name="progress">Told how far each layer-like file (a tar, compressed or not) has been read.</param>
    public static async Task<ArchiveContents> ReadAsync(Stream tar, IContentIngester content, SpoolTees? tees, CancellationToken cancellationToken,
        IProgress<LayerProgress>? progress = null)
    {
        var spool = new ArchiveSpooler(content, tees ?? DefaultTees, progress);
        try
        {
            using var reader = new TarReader(tar, leaveOpen: true);
            bool any = false;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                any = true;
                await spool.TakeAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            if (!any) throw ArchiveError.Invalid("the tar is empty");
            await spool.FinishCommitsAsync(0).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException || CompressedStream.IsCorruption(e))
        {
            await spool.AbandonCommitsAsync().ConfigureAwait(false);
            throw ArchiveError.Invalid($"the tar is truncated or corrupt: {e.Message}", e);
        }
        catch
        {
            await spool.AbandonCommitsAsync().ConfigureAwait(false);
            throw;
        }
        return spool._contents;
    }

    /// <summary>A compressed file is hashed decompressed (it may be a layer, whose diffID the import needs).</summary>
    public static ValueTask<SpoolTee?> DefaultTees(SpoolFile file, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SpoolTee?>(file.Compression == LayerCompression.None ? null : new UncompressedDigest(file.Compression, cancellationToken));

    private async Task TakeAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes:
                ArchivePath.Clean(entry.Name);
                return;
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
            {
                string name = ArchivePath.Clean(entry.Name);
                _contents.Claim(name);
                string target = ArchivePath.LinkTarget(name, entry.LinkName, entry.EntryType == TarEntryType.SymbolicLink)
                    ?? throw ArchiveError.Entry(entry.Name, $"the link points outside the archive (\"{ArchiveError.Show(entry.LinkName)}\")");
                _contents.AddLink(name, target);
                return;
            }
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                break;
            default:
                throw ArchiveError.Entry(entry.Name, $"entries of type {entry.EntryType} have no place in an image archive");
        }

        string file = ArchivePath.Clean(entry.Name);
        _contents.Claim(file);
        if (Documents.Contains(file))
        {
            _contents.AddDocument(file, await ReadDocumentAsync(entry, file, cancellationToken).ConfigureAwait(false));
            return;
        }
        if (IsLegacyLayerMetadata(file)) return; // <id>/json and <id>/VERSION: nothing reads them since Docker 1.10
        await FinishCommitsAsync(MaxCommitsInFlight - 1).ConfigureAwait(false);
        _commits.Add(await IngestAsync(entry, file, ArchivePath.BlobDigest(file), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The 12 characters shown for a layer: of the digest its name claims, else of its directory (a
    /// legacy archive's "&lt;layer id&gt;/layer.tar"). dockerd shows the diffID; the archive is read
    /// as it streams, before a compressed blob's diffID is known, so this is the blob's digest (the
    /// same thing for an uncompressed layer).
    /// </summary>
    private static string ProgressId(string name, Digest? expected)
    {
        string text = expected?.Hex ?? name.Split('/')[0];
        return text.Length > 12 ? text[..12] : text;
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
    /// compressed file's diffID, a layer unpacked as it goes by), so nothing is read twice. Returns
    /// the commit, under way: it records the file in the contents when it is done.
    /// </summary>
    private async Task<Task> IngestAsync(TarEntry entry, string name, Digest? expected, CancellationToken cancellationToken)
    {
        var writer = await _content.BeginIngestAsync(expected, entry.Length, cancellationToken).ConfigureAwait(false);
        SpoolTee? tee = null;
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
                    bool layerLike = compression != LayerCompression.None || IsTarHeader(head);
                    tee = await _tees(new SpoolFile(name, expected, compression, compression == LayerCompression.None && IsTarHeader(head)), cancellationToken)
                        .ConfigureAwait(false);
                    IProgress<LayerProgress>? progress = layerLike ? _progress : null;
                    string id = progress is null ? "" : ProgressId(name, expected);
                    long reported = 0;
                    progress?.Report(new LayerProgress(id, 0, entry.Length));
                    while (read > 0)
                    {
                        await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        if (tee is not null) await tee.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        if (progress is not null && LayerProgress.Worth(writer.Written, reported, entry.Length))
                            progress.Report(new LayerProgress(id, reported = writer.Written, entry.Length));
                        read = await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            if (writer.Written != entry.Length) throw Truncated(name, writer.Written, entry.Length);
            var layer = tee is null ? null : await tee.CompleteAsync().ConfigureAwait(false);
            // On another thread: the commit's fsync would otherwise hold up the next entry.
            return Task.Run(() => CommitAsync(writer, tee, name, layer, cancellationToken), CancellationToken.None);
        }
        catch
        {
            if (tee is not null) await tee.DisposeAsync().ConfigureAwait(false);
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Makes the blob durable and visible, then records it; the writer and tee are done with either way.</summary>
    private async Task CommitAsync(IContentWriter writer, SpoolTee? tee, string name, LayerContent? layer, CancellationToken cancellationToken)
    {
        await using (writer.ConfigureAwait(false))
        {
            try
            {
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
                lock (_contents) _contents.AddFile(name, blob, layer);
            }
            finally
            {
                if (tee is not null) await tee.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits until at most <paramref name="inFlight"/> commits are under way; a failed one is thrown.</summary>
    private async Task FinishCommitsAsync(int inFlight)
    {
        while (_commits.Count > inFlight)
        {
            var done = await Task.WhenAny(_commits).ConfigureAwait(false);
            _commits.Remove(done);
            await done.ConfigureAwait(false);
        }
    }

    /// <summary>After a failure: lets every commit end (their files are the collector's), ignoring how.</summary>
    private async Task AbandonCommitsAsync()
    {
        try
        {
            await Task.WhenAll(_commits).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The first failure is already on its way up.
        }
        _commits.Clear();
    }

    /// <summary>A POSIX tar header: "ustar" at offset 257 (GNU and PAX tars have it; pre-POSIX v7 tars are not recognised).</summary>
    private static bool IsTarHeader(ReadOnlySpan<byte> head) => head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8);

    private static WharfException Truncated(string name, long read, long length) =>
        ArchiveError.Entry(name, $"the tar is truncated: the entry ends after {read} of its {length} bytes");
}
