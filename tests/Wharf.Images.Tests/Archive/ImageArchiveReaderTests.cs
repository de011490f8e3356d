using System.Text;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using static Wharf.Images.Tests.Archive.ArchiveTestContext;

namespace Wharf.Images.Tests.Archive;

public sealed class ImageArchiveReaderTests
{
    [Fact]
    public async Task Load_LegacyDockerArchive_BuildsOciManifestsFromLayerTars()
    {
        using var context = new ArchiveTestContext();
        byte[] archive = BuildTar(LegacyArchive.TwoImages(out string firstConfig, out string secondConfig));

        var loaded = await context.Reader.LoadAsync(new MemoryStream(archive));

        Assert.Equal(["legacy:1", "legacy:base"], loaded.Select(l => l.Name!.FamiliarString));
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes(firstConfig)), loaded[0].Id);
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes(secondConfig)), loaded[1].Id);

        var record = await context.Images.GetAsync("docker.io/library/legacy:1");
        Assert.NotNull(record);
        Assert.Equal(MediaTypes.OciManifest, record.Target.MediaType);
        var manifest = ImageDocuments.ParseManifest(await context.Content.ReadBlobAsync(record.Target, ContentLimits.Manifest));
        Assert.Equal(MediaTypes.OciConfig, manifest.Config.MediaType);
        Assert.Equal(loaded[0].Id, manifest.Config.Digest);
        Assert.Equal([MediaTypes.OciLayer, MediaTypes.OciLayer], manifest.Layers.Select(l => l.MediaType));
        Assert.Equal([Digest.Compute(LegacyArchive.BaseLayer), Digest.Compute(LegacyArchive.TopLayer)], manifest.Layers.Select(l => l.Digest));
        Assert.Equal(LegacyArchive.BaseLayer.Length, manifest.Layers[0].Size);

        var second = ImageDocuments.ParseManifest(await context.Content.ReadBlobAsync((await context.Images.GetAsync("docker.io/library/legacy:base"))!.Target, ContentLimits.Manifest));
        Assert.Equal(Digest.Compute(LegacyArchive.BaseLayer), Assert.Single(second.Layers).Digest);
    }

    [Fact]
    public async Task Load_DockerArchiveWithGzipLayerFiles_ChecksDiffIdsThroughDecompression()
    {
        using var context = new ArchiveTestContext();
        byte[] layer = LayerTar(("x", "y"));
        byte[] gz = Gzip(layer);
        string config = LegacyArchive.Config(Digest.Compute(layer));
        byte[] archive = BuildTar(
            TarItem.Text("cfg.json", config),
            TarItem.File("layer.tar.gz", gz),
            TarItem.Text("manifest.json", "[" + LegacyArchive.Manifest("cfg.json", ["gz:1"], "layer.tar.gz") + "]"));

        var loaded = Assert.Single(await context.Reader.LoadAsync(new MemoryStream(archive)));
        var manifest = ImageDocuments.ParseManifest(await context.Content.ReadBlobAsync(loaded.Target, ContentLimits.Manifest));
        Assert.Equal(MediaTypes.OciLayerGzip, Assert.Single(manifest.Layers).MediaType);
        Assert.Equal(Digest.Compute(gz), manifest.Layers[0].Digest);
    }

    [Theory]
    [InlineData("docker-archive")]
    [InlineData("oci-layout")]
    public async Task Load_ReadsNoLayerBackFromTheStore(string format)
    {
        using var context = new ArchiveTestContext();
        byte[] plain = LayerTar(("a", new string('a', 100_000)));
        byte[] zipped = LayerTar(("b", new string('b', 100_000)));
        var image = await context.AddImageAsync("three", (plain, false), (zipped, true));
        using var output = new MemoryStream();
        await context.Writer.WriteAsync([(Wharf.Core.Images.ImageReference.Parse("once:1"), image.Manifest)], output);
        byte[] archive = format == "oci-layout" ? WithoutDockerFiles(output.ToArray()) : output.ToArray();

        var (fresh, images) = context.FreshStores();
        var counting = new CountingContentStore(fresh);
        var loaded = Assert.Single(await new Wharf.Images.Archive.ImageArchiveReader(counting, images).LoadAsync(new MemoryStream(archive)));

        Assert.Equal(image.Id, loaded.Id);
        // The archive was read once, into the store; the diffIDs came from that one pass (a sniff of a few bytes at most).
        Assert.All(image.Document.Layers, layer => Assert.InRange(counting.BytesRead(layer.Digest), 0, 16));
    }

    /// <summary>The archive without manifest.json and repositories: an OCI layout, which the reader takes through index.json.</summary>
    private static byte[] WithoutDockerFiles(byte[] archive) =>
        BuildTar(ReadTar(archive)
            .Where(e => e.Name is not ("manifest.json" or "repositories"))
            .Select(e => e.Type == System.Formats.Tar.TarEntryType.Directory ? TarItem.Dir(e.Name) : TarItem.File(e.Name, e.Data))
            .ToArray());
}
