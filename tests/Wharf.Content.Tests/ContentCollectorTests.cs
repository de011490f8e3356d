using System.Text;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;

namespace Wharf.Content.Tests;

public sealed class ContentCollectorTests : IDisposable
{
    private readonly StoreRoot _root = new();
    private readonly LocalContentStore _store;

    public ContentCollectorTests() => _store = _root.Open();

    public void Dispose() => _root.Dispose();

    private async Task<Descriptor> Blob(string content, string mediaType) =>
        (await _store.WriteBlobAsync(Encoding.UTF8.GetBytes(content))).Describe(mediaType);

    private async Task<Descriptor> Manifest(Descriptor config, params Descriptor[] layers) =>
        (await _store.WriteBlobAsync(ImageDocuments.Serialize(new ImageManifest { Config = config, Layers = layers })))
        .Describe(MediaTypes.OciManifest);

    /// <summary>
    /// index → (manifest A → config A, layer A, shared), (manifest B → config B, layer B, shared);
    /// single → config S, layer S, shared; and one blob nothing refers to.
    /// </summary>
    private sealed record Graph(Descriptor Index, Descriptor ManifestA, Descriptor ManifestB, Descriptor ConfigA, Descriptor ConfigB,
        Descriptor LayerA, Descriptor LayerB, Descriptor Shared, Descriptor Single, Descriptor ConfigS, Descriptor LayerS, Descriptor Orphan);

    private async Task<Graph> BuildGraph()
    {
        var shared = await Blob("shared layer", MediaTypes.OciLayerGzip);
        var configA = await Blob("{\"architecture\":\"amd64\"}", MediaTypes.OciConfig);
        var configB = await Blob("{\"architecture\":\"arm64\"}", MediaTypes.OciConfig);
        var layerA = await Blob("layer a", MediaTypes.OciLayerGzip);
        var layerB = await Blob("layer b", MediaTypes.OciLayerGzip);
        var manifestA = await Manifest(configA, layerA, shared);
        var manifestB = await Manifest(configB, layerB, shared);
        var index = (await _store.WriteBlobAsync(ImageDocuments.Serialize(new ImageIndex
        {
            Manifests = [manifestA with { Platform = Platform.Parse("linux/amd64") }, manifestB with { Platform = Platform.Parse("linux/arm64") }],
        }))).Describe(MediaTypes.OciIndex);

        var configS = await Blob("{\"architecture\":\"s390x\"}", MediaTypes.DockerConfig);
        var layerS = await Blob("layer s", MediaTypes.DockerLayerGzip);
        var single = await Manifest(configS, layerS, shared) with { MediaType = MediaTypes.DockerManifest };
        var orphan = await Blob("nobody refers to me", "application/octet-stream");
        return new Graph(index, manifestA, manifestB, configA, configB, layerA, layerB, shared, single, configS, layerS, orphan);
    }

    private async Task<HashSet<Digest>> Stored() => (await _store.ListAsync().ToListAsync()).Select(b => b.Digest).ToHashSet();

    [Fact]
    public async Task Removes_only_what_no_root_reaches()
    {
        var g = await BuildGraph();
        var collection = await new ContentCollector(_store).CollectAsync([g.Index, g.Single]);

        Assert.Equal([g.Orphan.Digest], collection.Removed.Select(b => b.Digest));
        Assert.Equal(g.Orphan.Size, collection.BytesFreed);
        Assert.Equal(11, (await Stored()).Count);
    }

    [Fact]
    public async Task Removing_a_root_frees_its_content_but_a_shared_layer_survives()
    {
        var g = await BuildGraph();
        var collection = await new ContentCollector(_store).CollectAsync([g.Single]);

        Assert.Equal(
            new[] { g.Index, g.ManifestA, g.ManifestB, g.ConfigA, g.ConfigB, g.LayerA, g.LayerB, g.Orphan }.Select(d => d.Digest).ToHashSet(),
            collection.Removed.Select(b => b.Digest).ToHashSet());
        Assert.Equal(new[] { g.Single, g.ConfigS, g.LayerS, g.Shared }.Select(d => d.Digest).ToHashSet(), await Stored());

        var everything = await new ContentCollector(_store).CollectAsync([]);
        Assert.Equal(4, everything.Removed.Count);
        Assert.Empty(await Stored());
    }

    [Fact]
    public async Task A_root_recorded_without_a_media_type_is_recognised_by_its_content()
    {
        var g = await BuildGraph();
        await new ContentCollector(_store).CollectAsync([g.Index with { MediaType = "" }, g.Single with { MediaType = "" }]);
        Assert.Equal(11, (await Stored()).Count);
    }

    [Fact]
    public async Task Content_missing_from_the_store_is_skipped()
    {
        var config = await Blob("{}", MediaTypes.OciConfig);
        var foreign = new Descriptor { MediaType = MediaTypes.DockerForeignLayer, Digest = Digest.Compute("elsewhere"u8), Size = 9, Urls = ["https://example.com/l"] };
        var manifest = await Manifest(config, foreign);
        var absentRoot = new Descriptor { MediaType = MediaTypes.OciIndex, Digest = Digest.Compute("gone"u8), Size = 4 };

        var collection = await new ContentCollector(_store).CollectAsync([manifest, absentRoot]);
        Assert.Empty(collection.Removed);
        Assert.Equal(2, (await Stored()).Count);
    }

    [Fact]
    public async Task An_ingest_in_progress_is_never_touched()
    {
        byte[] content = Encoding.UTF8.GetBytes("arriving while the collector runs");
        await using var writer = await _store.BeginIngestAsync(Digest.Compute(content), content.Length);
        await writer.WriteAsync(content.AsMemory(0, 10));

        await new ContentCollector(_store).CollectAsync([]);

        Assert.Single(_root.IngestEntries());
        await writer.WriteAsync(content.AsMemory(10));
        var info = await writer.CommitAsync();
        Assert.True(await _store.ExistsAsync(info.Digest));
    }

    [Fact]
    public async Task Content_committed_while_the_collection_runs_survives_it()
    {
        var g = await BuildGraph();
        var children = new CommittingDuringMark(_store, new ImageContentChildren(_store), "brand new");
        var collection = await new ContentCollector(_store, children).CollectAsync([g.Index]);

        Assert.True(await _store.ExistsAsync(children.Committed!.Digest));  // new while collecting
        Assert.True(await _store.ExistsAsync(g.Orphan.Digest));             // committed again while collecting
        Assert.DoesNotContain(g.Orphan.Digest, collection.Removed.Select(b => b.Digest));
        Assert.False(await _store.ExistsAsync(g.Single.Digest));            // unreferenced and untouched
    }

    /// <summary>Commits a new blob, and the graph's orphan again, while the collector is marking.</summary>
    private sealed class CommittingDuringMark(IContentStore store, IContentChildren inner, string content) : IContentChildren
    {
        public ContentInfo? Committed { get; private set; }

        public async ValueTask<IReadOnlyList<Descriptor>> ChildrenAsync(Descriptor parent, CancellationToken cancellationToken = default)
        {
            if (Committed is null)
            {
                Committed = await store.WriteBlobAsync(Encoding.UTF8.GetBytes(content), cancellationToken: cancellationToken);
                await store.WriteBlobAsync(Encoding.UTF8.GetBytes("nobody refers to me"), cancellationToken: cancellationToken);
            }
            return await inner.ChildrenAsync(parent, cancellationToken);
        }
    }

    [Fact]
    public async Task An_unreadable_manifest_fails_the_collection_and_deletes_nothing()
    {
        var g = await BuildGraph();
        var broken = await Blob("this is not a manifest", MediaTypes.OciManifest);
        int before = (await Stored()).Count;

        var error = await Assert.ThrowsAsync<WharfException>(() => new ContentCollector(_store).CollectAsync([g.Index, broken]));
        Assert.StartsWith($"{broken.Digest}: invalid image manifest", error.Message);
        Assert.Equal(before, (await Stored()).Count);
    }

    [Fact]
    public async Task A_manifest_larger_than_any_manifest_is_not_parsed()
    {
        var config = await Blob("{}", MediaTypes.OciConfig);
        var big = (await _store.WriteBlobAsync(new byte[ContentLimits.Manifest + 1])).Describe(MediaTypes.OciManifest);

        var error = await Assert.ThrowsAsync<WharfException>(() => new ContentCollector(_store).CollectAsync([big, config]));
        Assert.Contains("too large", error.Message);
        // Without a media type, a blob that size is simply a leaf.
        var collection = await new ContentCollector(_store).CollectAsync([big with { MediaType = "" }, config]);
        Assert.Empty(collection.Removed);
    }
}
