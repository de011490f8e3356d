using Wharf.Core;

namespace Wharf.Content;

/// <summary>
/// Writes blobs. Lifecycle: <see cref="BeginIngestAsync"/> returns a writer; stream the content
/// into it; <see cref="IContentWriter.CommitAsync"/> verifies and publishes it, or
/// <see cref="IContentWriter.AbortAsync"/> (or disposing without committing) discards it. Nothing
/// is visible to readers before the commit, and a failed commit leaves nothing behind. Ingests of
/// the same content may run at the same time, in one process or several: all succeed, one blob results.
/// </summary>
public interface IContentIngester
{
    /// <param name="expected">The digest the content must have; null to take whatever sha256 it has
    /// (content Wharf produces itself, a layer being built).</param>
    /// <param name="expectedSize">The size the content must have, when known: writing past it fails at
    /// once, so an endless or oversized upload is cut off.</param>
    ValueTask<IContentWriter> BeginIngestAsync(Digest? expected, long? expectedSize = null, CancellationToken cancellationToken = default);
}
