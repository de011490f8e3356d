using Wharf.Core;

namespace Wharf.Content;

/// <summary>
/// Reads blobs by digest. A blob, once visible, is complete and verified, and never changes; it
/// may be deleted (by a collection) while a reader holds it open, which the reader does not notice.
/// </summary>
public interface IContentProvider
{
    /// <summary>Opens the blob for reading. NotFound when it is not in the store.</summary>
    ValueTask<Stream> OpenReadAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>Size and commit time of the blob. NotFound when it is not in the store.</summary>
    ValueTask<ContentInfo> InfoAsync(Digest digest, CancellationToken cancellationToken = default);

    ValueTask<bool> ExistsAsync(Digest digest, CancellationToken cancellationToken = default);
}
