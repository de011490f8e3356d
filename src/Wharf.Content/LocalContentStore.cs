using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Wharf.Core;

namespace Wharf.Content;

/// <summary>
/// The content store on a local directory:
/// <code>
/// root/blobs/sha256/&lt;hex&gt;       committed blobs, read-only (0444), never modified
/// root/ingest/&lt;id&gt;/data, lock    ingests in progress, one directory each
/// </code>
/// An ingest is written and fsynced in its own directory and renamed into blobs/ once verified,
/// so a blob is either absent or complete. A crash leaves at most an ingest directory, which
/// <see cref="CleanupOrphans"/> removes when the store is next opened. Several processes may share
/// a root; only the commit-versus-delete ordering a collector relies on is per process (wharfd owns
/// the store; see <see cref="IContentStore.DeleteAsync"/>).
/// </summary>
public sealed partial class LocalContentStore : IContentStore
{
    // Commits and deletions of one root serialise here (briefly: a stat and a rename or unlink),
    // so a delete can tell for sure whether the blob was committed since a collection began.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new();

    private readonly string _blobs;
    private readonly string _ingests;
    private readonly Action<string>? _syncDirectory;
    private readonly SemaphoreSlim _gate;

    private LocalContentStore(string root, Action<string>? syncDirectory)
    {
        Root = Path.GetFullPath(root);
        _blobs = Path.Join(Root, "blobs");
        _ingests = Path.Join(Root, "ingest");
        _syncDirectory = syncDirectory;
        _gate = Gates.GetOrAdd(Root, _ => new SemaphoreSlim(1, 1));
    }

    public string Root { get; }

    /// <summary>
    /// Opens (creating if needed) the store at <paramref name="root"/> and removes what crashed
    /// ingests left behind.
    /// </summary>
    /// <param name="syncDirectory">fsyncs a directory; called after a blob is renamed into place so
    /// the rename survives a power loss. .NET cannot open a directory, so the composition root passes
    /// Wharf.Linux's. Without it a power cut just after a commit may lose the blob (never tear it).</param>
    public static LocalContentStore Open(string root, Action<string>? syncDirectory = null)
    {
        var store = new LocalContentStore(root, syncDirectory);
        Directory.CreateDirectory(Path.Join(store._blobs, "sha256"));
        Directory.CreateDirectory(store._ingests);
        store.CleanupOrphans();
        return store;
    }

    public ValueTask<Stream> OpenReadAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        try
        {
            Stream stream = new FileStream(BlobPath(digest), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.SequentialScan,
                BufferSize = 64 * 1024,
            });
            return ValueTask.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(digest);
        }
    }

    public ValueTask<ContentInfo> InfoAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(BlobPath(digest));
        return file.Exists ? ValueTask.FromResult(InfoOf(digest, file)) : throw NotFound(digest);
    }

    public ValueTask<bool> ExistsAsync(Digest digest, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(File.Exists(BlobPath(digest)));

    public async IAsyncEnumerable<ContentInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (string algorithm in new[] { "sha256", "sha512" })
        {
            var directory = new DirectoryInfo(Path.Join(_blobs, algorithm));
            if (!directory.Exists) continue;
            foreach (var file in directory.EnumerateFiles())
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Anything that is not named by a digest is not a blob (and not ours to list).
                if (Digest.TryParse($"{algorithm}:{file.Name}", out var digest) && file.Exists)
                    yield return InfoOf(digest, file);
            }
        }
    }

    public async ValueTask<bool> DeleteAsync(Digest digest, DateTimeOffset? committedBefore = null, CancellationToken cancellationToken = default)
    {
        string path = BlobPath(digest);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists) return false;
            if (committedBefore is { } before && file.LastWriteTimeUtc >= before.UtcDateTime) return false;
            file.Delete();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    // A Digest is validated hex, so this path cannot leave blobs/; only the empty default is refused.
    internal string BlobPath(Digest digest) => digest.Algorithm is null
        ? throw WharfException.Invalid("empty digest")
        : Path.Join(_blobs, digest.Algorithm, digest.Hex);

    private static ContentInfo InfoOf(Digest digest, FileInfo file) =>
        new(digest, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));

    private static WharfException NotFound(Digest digest) => WharfException.NotFound($"blob {digest} not found");
}
