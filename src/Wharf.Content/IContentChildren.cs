using Wharf.Core.Images;

namespace Wharf.Content;

/// <summary>The references between blobs that keep content alive, as a collector follows them.</summary>
public interface IContentChildren
{
    /// <summary>The blobs <paramref name="parent"/> refers to (in the store or not); empty for a leaf.</summary>
    ValueTask<IReadOnlyList<Descriptor>> ChildrenAsync(Descriptor parent, CancellationToken cancellationToken = default);
}
