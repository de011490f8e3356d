using Wharf.Core.Images;
using Wharf.Images.Archive;
using static Wharf.Images.Tests.Archive.ArchiveTestContext;

namespace Wharf.Images.Tests.Archive;

public sealed class ImageArchiveRoundTripTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public async Task SaveThenLoad_IntoFreshStores_GivesTheSameImages(string compression)
    {
        using var context = new ArchiveTestContext();
        byte[] shared = LayerTar(("bin/sh", "shell"));
        var first = await context.AddImageAsync("first", (shared, true), (LayerTar(("one", "1")), false));
        var second = await context.AddImageAsync("second", (shared, true));
        using var output = new MemoryStream();
        await context.Writer.WriteAsync(
            [(ImageReference.Parse("busybox"), first.Manifest), (ImageReference.Parse("localhost:5000/team/app:v2"), second.Manifest)], output);
        byte[] archive = compression switch
        {
            "gzip" => Gzip(output.ToArray()),
            "zstd" => Zstd(output.ToArray()),
            _ => output.ToArray(),
        };

        var (content, images) = context.FreshStores();
        var loaded = await new ImageArchiveReader(content, images).LoadAsync(new MemoryStream(archive));

        Assert.Equal(["busybox:latest", "localhost:5000/team/app:v2"], loaded.Select(l => l.Name!.FamiliarString));
        Assert.Equal([first.Id, second.Id], loaded.Select(l => l.Id));
        var records = await images.ListAsync();
        Assert.Equal(["docker.io/library/busybox:latest", "localhost:5000/team/app:v2"], records.Select(r => r.Name));
        // The manifests themselves survive the trip: same digests as in the source store.
        Assert.Equal(first.Manifest.Digest, records[0].Target.Digest);
        Assert.Equal(second.Manifest.Digest, records[1].Target.Digest);
        foreach (var layer in first.Document.Layers.Concat(second.Document.Layers))
            Assert.True(await content.ExistsAsync(layer.Digest));
    }

    [Fact]
    public async Task Load_UntaggedImage_RecordsItDangling()
    {
        using var context = new ArchiveTestContext();
        var image = await context.AddImageAsync("base", (LayerTar(("a", "1")), false));
        using var output = new MemoryStream();
        await context.Writer.WriteAsync([(null, image.Manifest)], output);

        var (content, images) = context.FreshStores();
        var loaded = Assert.Single(await new ImageArchiveReader(content, images).LoadAsync(new MemoryStream(output.ToArray())));
        Assert.Null(loaded.Name);
        Assert.Equal(image.Id, loaded.Id);
        var record = Assert.Single(await images.ListAsync());
        Assert.True(record.IsDangling);
        Assert.Equal(image.Manifest.Digest, record.Target.Digest);
    }

    [Fact]
    public async Task Load_OciLayoutWithoutManifestJson_ResolvesNestedIndexToHostPlatform()
    {
        using var context = new ArchiveTestContext();
        var image = await context.AddImageAsync("host", (LayerTar(("a", "1")), true));
        var other = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Wharf.Core.Digest.Compute("absent"u8), Size = 10,
            Platform = new Platform { OS = "linux", Architecture = "s390x" } };
        var hostEntry = image.Manifest with { Platform = Platform.Host };
        byte[] indexBlob = Wharf.Core.Oci.ImageDocuments.Serialize(new Wharf.Core.Oci.ImageIndex { Manifests = [other, hostEntry] });
        var indexDigest = Wharf.Core.Digest.Compute(indexBlob);
        byte[] top = Wharf.Core.Oci.ImageDocuments.Serialize(new Wharf.Core.Oci.ImageIndex
        {
            Manifests = [new Descriptor { MediaType = MediaTypes.OciIndex, Digest = indexDigest, Size = indexBlob.Length,
                Annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = "example.com/x/y:1.0" } }],
        });
        byte[] Blob(Wharf.Core.Digest d) => File.ReadAllBytes(Path.Combine(context.Content.Root, "blobs", "sha256", d.Hex));
        byte[] archive = BuildTar(
            TarItem.Text("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"),
            TarItem.File("index.json", top),
            TarItem.File("blobs/sha256/" + indexDigest.Hex, indexBlob),
            TarItem.File("blobs/sha256/" + image.Manifest.Digest.Hex, Blob(image.Manifest.Digest)),
            TarItem.File("blobs/sha256/" + image.Id.Hex, image.ConfigJson),
            TarItem.File("blobs/sha256/" + image.Document.Layers[0].Digest.Hex, Blob(image.Document.Layers[0].Digest)));

        var (content, images) = context.FreshStores();
        var loaded = Assert.Single(await new ImageArchiveReader(content, images).LoadAsync(new MemoryStream(archive)));
        Assert.Equal("example.com/x/y:1.0", loaded.Name!.ToString());
        Assert.Equal(image.Id, loaded.Id);
        Assert.Equal(image.Manifest.Digest, loaded.Target.Digest);
    }
}
