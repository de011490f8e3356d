using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Content;

/// <summary>What the store knows of a blob.</summary>
/// <param name="Committed">When the blob was last committed; committing content that was already
/// there refreshes it, which is how a collection running meanwhile knows to keep it.</param>
public sealed record ContentInfo(Digest Digest, long Size, DateTimeOffset Committed)
{
    /// <summary>A descriptor of this blob with the media type the caller knows it to have.</summary>
    public Descriptor Describe(string mediaType) => new() { MediaType = mediaType, Digest = Digest, Size = Size };
}
