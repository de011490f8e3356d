using Wharf.Core;

namespace Wharf.Content;

/// <summary>
/// A content store: reading and ingesting, plus what a collector needs, listing and deleting.
/// Blobs being ingested are not blobs yet: they are neither listed nor deletable.
/// </summary>
public interface IContentStore : IContentProvider, IContentIngester
{
    /// <summary>Every blob in the store, in no particular order.</summary>
    IAsyncEnumerable<ContentInfo> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a blob; false when it was not there (or was kept). With <paramref name="committedBefore"/>,
    /// the blob is kept if it was committed (or re-committed) at or after that instant, decided
    /// atomically with commits: a collector passes the time it started, so content ingested while
    /// it ran survives.
    /// </summary>
    ValueTask<bool> DeleteAsync(Digest digest, DateTimeOffset? committedBefore = null, CancellationToken cancellationToken = default);
}
