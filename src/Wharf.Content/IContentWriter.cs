namespace Wharf.Content;

/// <summary>
/// One ingest in progress (see <see cref="IContentIngester"/>). Not thread-safe: one producer writes.
/// Disposing a writer that was not committed aborts it.
/// </summary>
public interface IContentWriter : IAsyncDisposable
{
    /// <summary>Bytes written so far.</summary>
    long Written { get; }

    /// <summary>Appends content. Fails (and aborts the ingest) when it goes past the expected size.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the content durable, checks its size and digest against the expected ones, and
    /// publishes it atomically. Content already in the store is fine: the commit succeeds and the
    /// copy is discarded. A mismatch is an InvalidArgument naming expected and actual, and leaves
    /// nothing behind. The writer is finished afterwards, whatever the outcome.
    /// </summary>
    ValueTask<ContentInfo> CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Discards what was written. Idempotent; a no-op after a commit.</summary>
    ValueTask AbortAsync();
}
