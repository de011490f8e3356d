using Wharf.Core.Images;

namespace Wharf.Images;

/// <summary>
/// A name pointing at an image's manifest or index in the content store (containerd's model).
/// Docker's image ID is the config digest the target leads to, not part of the record.
/// </summary>
public sealed record ImageRecord
{
    /// <summary>
    /// The normalised reference (docker.io/library/busybox:latest), or, for an image that lost
    /// its last name but is still kept, <see cref="DanglingName"/> of its target.
    /// </summary>
    public required string Name { get; init; }

    public required Descriptor Target { get; init; }
    public DateTimeOffset Created { get; init; }
    public DateTimeOffset Updated { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>The record name that keeps an untagged image (`&lt;none&gt;:&lt;none&gt;` in `images`).</summary>
    public static string DanglingName(Descriptor target) => $"dangling@{target.Digest}";

    public bool IsDangling => Name.StartsWith("dangling@", StringComparison.Ordinal);
}
