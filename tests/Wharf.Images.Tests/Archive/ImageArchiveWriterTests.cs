using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using static Wharf.Images.Tests.Archive.ArchiveTestContext;

namespace Wharf.Images.Tests.Archive;

public sealed class ImageArchiveWriterTests
{
    [Fact]
    public async Task Save_WritesOciLayoutAndDockerArchiveFiles()
    {
        using var context = new ArchiveTestContext();
        var image = await context.AddImageAsync("base", (LayerTar(("bin/sh", "shell")), true), (LayerTar(("etc/motd", "hi")), false));

        using var output = new MemoryStream();
        await context.Writer.WriteAsync([(ImageReference.Parse("busybox"), image.Manifest)], output);
        var entries = ReadTar(output.ToArray());

        string Blob(Wharf.Core.Digest d) => "blobs/sha256/" + d.Hex;
        Assert.Equal(
            [
                "blobs/", "blobs/sha256/", Blob(image.Manifest.Digest), Blob(image.Id),
                Blob(image.Document.Layers[0].Digest), Blob(image.Document.Layers[1].Digest),
                "index.json", "manifest.json", "oci-layout", "repositories",
            ],
            entries.Select(e => e.Name));
        foreach (var (name, type, _, entry) in entries)
        {
            Assert.Equal(DateTimeOffset.UnixEpoch, entry.ModificationTime);
            Assert.Equal(0, entry.Uid);
            Assert.Equal(type == TarEntryType.Directory ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100, entry.Mode);
        }

        byte[] File(string name) => entries.Single(e => e.Name == name).Data;
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}\n", Encoding.UTF8.GetString(File("oci-layout")));
        Assert.Equal(
            $"[{{\"Config\":\"{Blob(image.Id)}\",\"RepoTags\":[\"busybox:latest\"],\"Layers\":[\"{Blob(image.Document.Layers[0].Digest)}\",\"{Blob(image.Document.Layers[1].Digest)}\"]}}]\n",
            Encoding.UTF8.GetString(File("manifest.json")));
        Assert.Equal($"{{\"busybox\":{{\"latest\":\"{image.Document.Layers[1].Digest.Hex}\"}}}}\n", Encoding.UTF8.GetString(File("repositories")));

        var index = ImageDocuments.ParseIndex(File("index.json"));
        var entry0 = Assert.Single(index.Manifests);
        Assert.Equal(image.Manifest.Digest, entry0.Digest);
        Assert.Equal(image.Manifest.Size, entry0.Size);
        Assert.Equal(MediaTypes.OciManifest, entry0.MediaType);
        Assert.Equal("docker.io/library/busybox:latest", entry0.Annotations!["io.containerd.image.name"]);
        Assert.Equal("latest", entry0.Annotations["org.opencontainers.image.ref.name"]);
        Assert.Equal("linux", entry0.Platform!.OS);

        // Blobs are the store's bytes.
        Assert.Equal(image.ConfigJson, File(Blob(image.Id)));
    }

    [Fact]
    public async Task Save_IsReproducible()
    {
        using var context = new ArchiveTestContext();
        var image = await context.AddImageAsync("base", (LayerTar(("a", "1")), true));
        async Task<byte[]> SaveAsync()
        {
            using var output = new MemoryStream();
            await context.Writer.WriteAsync([(ImageReference.Parse("a:1"), image.Manifest)], output);
            return output.ToArray();
        }
        Assert.Equal(await SaveAsync(), await SaveAsync());
    }

    [Fact]
    public async Task Save_TwoImagesSharingALayer_WritesItOnce()
    {
        using var context = new ArchiveTestContext();
        byte[] baseLayer = LayerTar(("bin/sh", "shell"));
        var first = await context.AddImageAsync("first", (baseLayer, true), (LayerTar(("one", "1")), true));
        var second = await context.AddImageAsync("second", (baseLayer, true), (LayerTar(("two", "2")), true));

        using var output = new MemoryStream();
        await context.Writer.WriteAsync(
            [(ImageReference.Parse("one"), first.Manifest), (ImageReference.Parse("two:v2"), second.Manifest), (ImageReference.Parse("one:alias"), first.Manifest)],
            output);
        var entries = ReadTar(output.ToArray());

        var names = entries.Select(e => e.Name).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Single(names, n => n == "blobs/sha256/" + first.Document.Layers[0].Digest.Hex);
        Assert.Equal(2 /* dirs */ + 2 * 2 /* manifests, configs */ + 3 /* layers */ + 4, names.Count);

        using var manifest = JsonDocument.Parse(entries.Single(e => e.Name == "manifest.json").Data);
        Assert.Equal(2, manifest.RootElement.GetArrayLength());
        Assert.Equal(["one:latest", "one:alias"], manifest.RootElement[0].GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()));
        var index = ImageDocuments.ParseIndex(entries.Single(e => e.Name == "index.json").Data);
        Assert.Equal(3, index.Manifests.Count);
        using var repositories = JsonDocument.Parse(entries.Single(e => e.Name == "repositories").Data);
        Assert.Equal(2, repositories.RootElement.GetProperty("one").EnumerateObject().Count());
    }

    [Fact]
    public async Task Save_UntaggedImage_HasNullRepoTagsAndNoRepositories()
    {
        using var context = new ArchiveTestContext();
        var image = await context.AddImageAsync("base", (LayerTar(("a", "1")), false));
        using var output = new MemoryStream();
        await context.Writer.WriteAsync([(null, image.Manifest)], output);
        var entries = ReadTar(output.ToArray());
        Assert.DoesNotContain(entries, e => e.Name == "repositories");
        Assert.Contains("\"RepoTags\":null", Encoding.UTF8.GetString(entries.Single(e => e.Name == "manifest.json").Data));
        Assert.Null(Assert.Single(ImageDocuments.ParseIndex(entries.Single(e => e.Name == "index.json").Data).Manifests).Annotations);
    }

    [Fact]
    public async Task Save_MissingLayerBlob_FailsBeforeOrWhileWriting()
    {
        using var context = new ArchiveTestContext();
        var image = await context.AddImageAsync("base", (LayerTar(("a", "1")), false));
        await context.Content.DeleteAsync(image.Document.Layers[0].Digest);
        using var output = new MemoryStream();
        var error = await Assert.ThrowsAsync<Wharf.Core.WharfException>(() => context.Writer.WriteAsync([(null, image.Manifest)], output));
        Assert.Equal(Wharf.Core.ErrorKind.NotFound, error.Kind);
    }
}
