using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Images.Filters;
using Wharf.Images.Service;

namespace Wharf.Images.Tests.Service;

public sealed class ImportTests
{
    private static readonly string[] Changes =
    [
        "ENV PATH=/usr/bin:/bin GREETING=\"hello world\"",
        "CMD [\"/bin/sh\", \"-c\", \"echo hi\"]",
        "ENTRYPOINT /bin/tool",
        "WORKDIR /srv",
        "WORKDIR app",
        "EXPOSE 80 53/udp",
        "USER nobody",
        "LABEL org.example.kind=test flavour=plain",
        "VOLUME [\"/data\"]",
    ];

    /// <summary>"wharf-one\n", the tool script, README, and the 4 bytes of bin/sh's target.</summary>
    private const long RootfsContentSize = 10 + 21 + 14 + 4;

    [ImageKernelTheory]
    [Trait("Category", "Kernel")]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public async Task Import_makes_a_one_layer_image_with_the_changes(string compression)
    {
        using var world = new ImageWorld();
        byte[] tar = ImageWorld.RootfsTar("one", compression);
        var id = await world.Service.ImportAsync(new MemoryStream(tar),
            new ImportOptions { Reference = "example/rootfs:v1", Changes = Changes, Message = "first import" });

        var list = await world.Service.ListAsync();
        var summary = Assert.Single(list);
        Assert.Equal(id, summary.Id);
        var row = Assert.Single(summary.Rows());
        Assert.Equal(("example/rootfs", "v1"), (row.Repository, row.Tag));
        Assert.Equal(id.Hex[..12], row.ShortId);

        var inspect = await world.Service.InspectAsync("example/rootfs:v1");
        Assert.Equal(id, inspect.Id);
        Assert.Equal(["example/rootfs:v1"], inspect.RepoTags);
        Assert.Equal(Platform.Host.OS, inspect.Config.OS);
        Assert.Equal(Platform.Host.Architecture, inspect.Config.Architecture);
        var layer = Assert.Single(inspect.Manifest.Layers);
        Assert.Equal(MediaTypes.OciLayerGzip, layer.MediaType);
        // Docker's size: the files' bytes and the symlink's target ("tool"), not the blob's or the tar's length.
        Assert.Equal(RootfsContentSize, summary.Size);
        Assert.Equal(RootfsContentSize, (await world.Service.InspectAsync(id.ToString())).Size);
        Assert.Equal(MediaTypes.OciManifest, inspect.Target.MediaType);
        // diffID: sha256 of the uncompressed tar, whatever compression came in.
        Assert.Equal(Digest.Compute(ImageWorld.RootfsTar("one")), Assert.Single(inspect.Config.RootFs.DiffIds));

        var run = inspect.Config.Config!;
        Assert.Equal(["PATH=/usr/bin:/bin", "GREETING=hello world"], run.Env);
        Assert.Equal(["/bin/sh", "-c", "/bin/tool"], run.Entrypoint);
        Assert.Null(run.Cmd); // ENTRYPOINT after CMD resets it, as in a Dockerfile
        Assert.Equal("/srv/app", run.WorkingDir);
        Assert.Equal(["53/udp", "80/tcp"], run.ExposedPorts!.Keys.Order());
        Assert.Equal("nobody", run.User);
        Assert.Equal("test", run.Labels!["org.example.kind"]);
        Assert.Equal(["/data"], run.Volumes!.Keys);

        var history = Assert.Single(await world.Service.HistoryAsync(id.Hex[..6]));
        Assert.Equal(id.ToString(), history.Id);
        Assert.Equal("first import", history.Comment);
        Assert.Equal(RootfsContentSize, history.Size);
        Assert.Equal(["example/rootfs:v1"], history.Tags);
    }

    [ImageKernelFact]
    [Trait("Category", "Kernel")]
    public async Task Import_without_a_name_is_dangling_and_defaults_its_comment()
    {
        using var world = new ImageWorld();
        var id = await world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar()), new ImportOptions());
        var row = Assert.Single(Assert.Single(await world.Service.ListAsync()).Rows());
        Assert.Equal(("<none>", "<none>"), (row.Repository, row.Tag));
        Assert.Equal("Imported from -", Assert.Single(await world.Service.HistoryAsync(id.ToString())).Comment);
        var record = Assert.Single(await world.Records.ListAsync());
        Assert.True(record.IsDangling);
    }

    [ImageKernelFact]
    [Trait("Category", "Kernel")]
    public async Task Import_names_are_normalised_as_docker_does()
    {
        using var world = new ImageWorld();
        await world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar()), new ImportOptions { Reference = "busybox" });
        var record = Assert.Single(await world.Records.ListAsync());
        Assert.Equal("docker.io/library/busybox:latest", record.Name);
        var inspect = await world.Service.InspectAsync("docker.io/library/busybox");
        Assert.Equal(["busybox:latest"], inspect.RepoTags);
    }

    [Theory]
    [InlineData("FROM scratch", "FROM is not a valid change command")]
    [InlineData("EXPOSE eighty", "invalid containerPort: eighty")]
    [InlineData("ENV", "ENV requires at least one argument")]
    [InlineData("ENV =x", "ENV names can not be blank")]
    [InlineData("USER a b", "USER requires exactly one argument")]
    public async Task A_bad_change_line_is_named_and_nothing_is_stored(string line, string reason)
    {
        using var world = new ImageWorld();
        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.ImportAsync(
            new MemoryStream(ImageWorld.RootfsTar()), new ImportOptions { Changes = ["ENV A=1", line] }));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"invalid change \"{line}\": {reason}", error.Message);
        Assert.Empty(await world.Service.ListAsync());
        Assert.Equal(0, await world.BlobCountAsync());
    }

    [Fact]
    public async Task Garbage_instead_of_a_tar_is_refused_clearly()
    {
        using var world = new ImageWorld();
        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.ImportAsync(
            new MemoryStream(new byte[4096].Select((_, i) => (byte)(i * 7 + 1)).ToArray()), new ImportOptions { Reference = "x" }));
        Assert.Contains("not a tar file", error.Message);
        Assert.Empty(await world.Service.ListAsync());
        Assert.Equal(0, await world.BlobCountAsync());
    }

    [Fact]
    public async Task A_digest_reference_cannot_be_an_import_name()
    {
        using var world = new ImageWorld();
        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar()),
            new ImportOptions { Reference = "busybox@sha256:" + new string('a', 64) }));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }

    [ImageKernelFact]
    [Trait("Category", "Kernel")]
    public async Task Unknown_images_are_not_found_with_dockers_message()
    {
        using var world = new ImageWorld();
        await world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar()), new ImportOptions { Reference = "busybox" });
        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.ResolveAsync("nosuch"));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("No such image: nosuch:latest", error.Message);
        error = await Assert.ThrowsAsync<WharfException>(() => world.Service.InspectAsync("registry.example:5000/a/b:tag"));
        Assert.Equal("No such image: registry.example:5000/a/b:tag", error.Message);
        error = await Assert.ThrowsAsync<WharfException>(() => world.Service.RemoveAsync("sha256:" + new string('0', 64)));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [ImageKernelFact]
    [Trait("Category", "Kernel")]
    public async Task Images_resolve_by_name_full_id_and_short_id()
    {
        using var world = new ImageWorld();
        var id = await world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar()), new ImportOptions { Reference = "busybox:1" });
        Assert.Equal(id, (await world.Service.ResolveAsync("busybox:1")).Id);
        Assert.Equal(id, (await world.Service.ResolveAsync(id.ToString())).Id);
        Assert.Equal(id, (await world.Service.ResolveAsync(id.Hex)).Id);
        Assert.Equal(id, (await world.Service.ResolveAsync(id.Hex[..1])).Id);
        Assert.Equal(id, (await world.Service.ResolveAsync("sha256:" + id.Hex[..5])).Id);
    }
}
