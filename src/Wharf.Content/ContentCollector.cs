using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Content;

/// <summary>
/// Garbage collection by reference: marks everything reachable from the roots (what image records
/// point at) through <see cref="IContentChildren"/>, then deletes every other blob. Ingests in
/// progress are not blobs and are never touched; a blob committed (or committed again) after the
/// collection began is kept, so content arriving meanwhile survives. The caller still has to make
/// sure no new root can point at content committed before the collection began, i.e. run it
/// under the image store's lock, as Docker's prune does. An unreadable manifest among the
/// reachable fails the collection, deleting nothing, rather than losing what it refers to.
/// </summary>
public sealed class ContentCollector(IContentStore store, IContentChildren? children = null)
{
    private readonly IContentChildren _children = children ?? new ImageContentChildren(store);

    public async Task<ContentCollection> CollectAsync(IEnumerable<Descriptor> roots, CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var live = await MarkAsync(roots, cancellationToken).ConfigureAwait(false);

        var candidates = new List<ContentInfo>();
        await foreach (var blob in store.ListAsync(cancellationToken).ConfigureAwait(false))
            if (!live.Contains(blob.Digest)) candidates.Add(blob);

        var removed = new List<ContentInfo>();
        foreach (var blob in candidates)
            if (await store.DeleteAsync(blob.Digest, started, cancellationToken).ConfigureAwait(false))
                removed.Add(blob);
        return new ContentCollection(removed);
    }

    private async Task<HashSet<Digest>> MarkAsync(IEnumerable<Descriptor> roots, CancellationToken cancellationToken)
    {
        var live = new HashSet<Digest>();
        var pending = new Queue<Descriptor>(roots);
        while (pending.TryDequeue(out var descriptor))
        {
            if (!live.Add(descriptor.Digest)) continue;
            // Absent content (a foreign layer, a partial pull) has no children to follow.
            if (!await store.ExistsAsync(descriptor.Digest, cancellationToken).ConfigureAwait(false)) continue;
            foreach (var child in await _children.ChildrenAsync(descriptor, cancellationToken).ConfigureAwait(false))
                if (!live.Contains(child.Digest)) pending.Enqueue(child);
        }
        return live;
    }
}

/// <summary>What a collection removed.</summary>
public sealed record ContentCollection(IReadOnlyList<ContentInfo> Removed)
{
    public long BytesFreed => Removed.Sum(blob => blob.Size);
}
