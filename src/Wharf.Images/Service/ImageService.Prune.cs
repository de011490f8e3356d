using Wharf.Content;
using Wharf.Core;
using Wharf.Snapshots;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// `docker image prune`: deletes dangling images (with <paramref name="danglingOnly"/> false,
    /// every image no container uses), then collects the blobs and layer snapshots nothing left
    /// refers to. Images a container uses are kept either way.
    /// </summary>
    public async Task<ImagePruneReport> PruneAsync(bool danglingOnly = true, Func<Digest, ImageUser?>? findUser = null,
        CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var deleted = new List<(ResolvedImage Image, List<ImageDeleteEvent> Events)>();
            foreach (var image in await LoadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (danglingOnly && !image.IsDangling) continue;
                if (findUser?.Invoke(image.Id) is not null) continue;
                var events = new List<ImageDeleteEvent>();
                await DeleteImageAsync(image, events, cancellationToken).ConfigureAwait(false);
                deleted.Add((image, events));
            }
            var collected = await CollectAsync(cancellationToken).ConfigureAwait(false);
            // As Docker lists them: each image, then the layers that went with it (one shared by two, with the first).
            var removed = collected.Layers.ToHashSet(StringComparer.Ordinal);
            var report = new List<ImageDeleteEvent>();
            foreach (var (image, events) in deleted)
            {
                report.AddRange(events);
                AddDeletedLayers(image, removed, report);
            }
            return new ImagePruneReport(report, collected.BytesFreed);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What a collection removed: bytes, and the layer snapshots (chainIDs) in the order they went, top first.</summary>
    private sealed record Collection(long BytesFreed, IReadOnlyList<string> Layers)
    {
        public static Collection Nothing { get; } = new(0, []);
    }

    /// <summary>`Deleted: &lt;chainID&gt;` for each of the image's layers the collection removed, top first, each reported once.</summary>
    private static void AddDeletedLayers(ResolvedImage image, HashSet<string> removed, List<ImageDeleteEvent> events)
    {
        var chains = ChainIds(image.Config.RootFs.DiffIds);
        for (int i = chains.Count - 1; i >= 0; i--)
            if (removed.Remove(chains[i].ToString())) events.Add(ImageDeleteEvent.Delete(chains[i]));
    }

    /// <summary>
    /// Deletes the blobs no image record reaches and the layer snapshots no image's chain names
    /// (top first; one a container is built on is kept). Caller holds the gate.
    /// </summary>
    private async Task<Collection> CollectAsync(CancellationToken cancellationToken)
    {
        var records = await images.ListAsync(cancellationToken).ConfigureAwait(false);
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            ImageDocumentsRead documents;
            try
            {
                documents = await ReadDocumentsAsync(record.Target, cancellationToken).ConfigureAwait(false);
            }
            catch (WharfException)
            {
                return Collection.Nothing; // an unreadable image might name any layer: delete nothing rather than too much
            }
            var diffIds = documents.Config.RootFs.DiffIds;
            Digest? chain = null;
            foreach (var diffId in diffIds)
            {
                chain = chain is { } below ? ChainId.Next(below, diffId) : diffId;
                live.Add(chain.Value.ToString());
            }
        }

        var collection = await new ContentCollector(content).CollectAsync(records.Select(r => r.Target), cancellationToken).ConfigureAwait(false);
        foreach (var removed in collection.Removed) _documents.TryRemove(removed.Digest, out _);
        var layers = await RemoveDeadLayersAsync(live, cancellationToken).ConfigureAwait(false);
        return layers with { BytesFreed = layers.BytesFreed + collection.BytesFreed };
    }

    private async Task<Collection> RemoveDeadLayersAsync(HashSet<string> live, CancellationToken cancellationToken)
    {
        long freed = 0;
        var removedLayers = new List<string>();
        var all = await snapshots.ListAsync(cancellationToken).ConfigureAwait(false);
        var dead = all.Where(s => s.Kind == SnapshotKind.Committed && s.Labels.ContainsKey(LayerLabels.DiffId) && !live.Contains(s.Name))
            .Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var parents = all.Where(s => s.Parent is not null).GroupBy(s => s.Parent!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (string name in dead.ToList())
            {
                if (parents.GetValueOrDefault(name) > 0) continue;
                var info = all.First(s => s.Name == name);
                long size = (await snapshots.UsageAsync(name, cancellationToken).ConfigureAwait(false)).Size;
                try
                {
                    await snapshots.RemoveAsync(name, cancellationToken).ConfigureAwait(false);
                }
                catch (WharfException e) when (e.Kind == ErrorKind.Conflict)
                {
                    dead.Remove(name);
                    continue;
                }
                freed += size;
                removedLayers.Add(name);
                dead.Remove(name);
                if (info.Parent is { } parent) parents[parent]--;
                progress = true;
            }
        }
        return new Collection(freed, removedLayers);
    }
}
