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
}
