using System.Diagnostics;
using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using static Wharf.Images.Tests.Archive.ArchiveTestContext;

namespace Wharf.Images.Tests.Archive;

/// <summary>Interop with skopeo (containers/image): it reads what Wharf saves, and Wharf loads what it writes.</summary>
[Trait("Category", "Interop")]
public sealed class SkopeoInteropTests
{
    [SkopeoFact]
    public async Task Skopeo_InspectsOurArchive_AsDockerArchiveAndOciArchive()
    {
        using var context = new ArchiveTestContext();
        var image = await context.AddImageAsync("base", (LayerTar(("bin/sh", "shell")), true), (LayerTar(("etc/motd", "hi")), false));
        string archive = Path.Combine(context.Root, "saved.tar");
        await using (var file = File.Create(archive))
            await context.Writer.WriteAsync([(ImageReference.Parse("busybox"), image.Manifest)], file);

        // containers/image reads a docker-archive's layers as the uncompressed tars: it names them by diffID.
        using var docker = JsonDocument.Parse(await RunSkopeoAsync(context.Root, "inspect", "docker-archive:" + archive));
        Assert.Equal(image.DiffIds.Select(d => d.ToString()),
            docker.RootElement.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("linux", docker.RootElement.GetProperty("Os").GetString());

        using var oci = JsonDocument.Parse(await RunSkopeoAsync(context.Root, "inspect", "oci-archive:" + archive));
        Assert.Equal(image.Manifest.Digest.ToString(), oci.RootElement.GetProperty("Digest").GetString());
        Assert.Equal(image.Document.Layers.Select(l => l.Digest.ToString()),
            oci.RootElement.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));

        // A config-level check: skopeo reads our config as the image's.
        using var config = JsonDocument.Parse(await RunSkopeoAsync(context.Root, "inspect", "--config", "docker-archive:" + archive));
        Assert.Equal(image.DiffIds.Select(d => d.ToString()),
            config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()));
    }

    [SkopeoFact]
    public async Task DockerArchive_WrittenBySkopeo_Loads()
    {
        using var context = new ArchiveTestContext();
        var image = await context.AddImageAsync("base", (LayerTar(("bin/sh", "shell")), true), (LayerTar(("etc/motd", "hi")), true));
        string layout = await WriteOciLayoutAsync(context, image);
        string archive = Path.Combine(context.Root, "skopeo.tar");
        await RunSkopeoAsync(context.Root, "--insecure-policy", "copy", "oci:" + layout, "docker-archive:" + archive + ":skopeo/test:1");

        var (content, images) = context.FreshStores();
        await using var input = File.OpenRead(archive);
        var loaded = Assert.Single(await new Wharf.Images.Archive.ImageArchiveReader(content, images).LoadAsync(input));
        Assert.Equal("docker.io/skopeo/test:1", loaded.Name!.ToString());
        Assert.Equal(image.Id, loaded.Id);
        var manifest = ImageDocuments.ParseManifest(await Wharf.Content.ContentProviderExtensions.ReadBlobAsync(content, loaded.Target, Wharf.Content.ContentLimits.Manifest));
        Assert.Equal(2, manifest.Layers.Count);
    }

    /// <summary>An OCI layout directory holding the image, written from the content store.</summary>
    private static async Task<string> WriteOciLayoutAsync(ArchiveTestContext context, TestImage image)
    {
        string layout = Path.Combine(context.Root, "layout");
        Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256"));
        await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var index = new ImageIndex { Manifests = [image.Manifest] };
        await File.WriteAllBytesAsync(Path.Combine(layout, "index.json"), ImageDocuments.Serialize(index));
        foreach (var digest in new[] { image.Manifest.Digest, image.Id }.Concat(image.Document.Layers.Select(l => l.Digest)))
        {
            await using var blob = await context.Content.OpenReadAsync(digest);
            await using var file = File.Create(Path.Combine(layout, "blobs", digest.Algorithm, digest.Hex));
            await blob.CopyToAsync(file);
        }
        return layout;
    }

    private static async Task<string> RunSkopeoAsync(string tmp, params string[] arguments)
    {
        var start = new ProcessStartInfo(SkopeoFactAttribute.Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["TMPDIR"] = tmp;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"skopeo {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
