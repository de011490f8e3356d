using Wharf.Core;
using Wharf.Images.Filters;
using Wharf.Images.Service;

namespace Wharf.Images.Tests.Service;

/// <summary>Every test imports, and an import unpacks its layer: root needed.</summary>
[Trait("Category", "Kernel")]
public sealed class TagRemoveTests
{
    private static Task<Digest> ImportAsync(ImageWorld world, string? name, string marker = "one", IReadOnlyList<string>? changes = null) =>
        world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar(marker)),
            new ImportOptions { Reference = name, Changes = changes ?? [] });

    [ImageKernelFact]
    public async Task Removing_one_of_several_names_only_untags()
    {
        using var world = new ImageWorld();
        var id = await ImportAsync(world, "busybox");
        var layer = await LayerOfAsync(world, id);
        await world.Service.TagAsync("busybox", "busybox:stable");

        var events = await world.Service.RemoveAsync("busybox");
        Assert.Equal(["Untagged: busybox:latest"], events.Select(e => e.ToString()));
        var left = Assert.Single(await world.Service.ListAsync());
        Assert.Equal(["busybox:stable"], left.RepoTags);

        events = await world.Service.RemoveAsync("busybox:stable");
        // The image, then its layer, which no other image uses: Docker's `Deleted: <chainID>`.
        Assert.Equal(["Untagged: busybox:stable", $"Deleted: {id}", $"Deleted: {layer}"], events.Select(e => e.ToString()));
        Assert.Empty(await world.Service.ListAsync());
        Assert.Empty(await world.Records.ListAsync());
        Assert.Empty(await world.Snapshots.ListAsync());
        Assert.Equal(0, await world.BlobCountAsync()); // config, manifest and layer collected
    }

    [ImageKernelFact]
    public async Task Removing_by_id_with_names_in_several_repositories_must_be_forced()
    {
        using var world = new ImageWorld();
        var id = await ImportAsync(world, "busybox");
        var layer = await LayerOfAsync(world, id);
        await world.Service.TagAsync(id.Hex[..12], "example.com/tools/box:1");

        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.RemoveAsync(id.Hex[..12]));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal($"conflict: unable to delete {id.Hex[..12]} (must be forced) - image is referenced in multiple repositories", error.Message);
        Assert.Single(await world.Service.ListAsync());

        var events = await world.Service.RemoveAsync(id.Hex[..12], force: true);
        Assert.Equal(["Untagged: busybox:latest", "Untagged: example.com/tools/box:1", $"Deleted: {id}", $"Deleted: {layer}"],
            events.Select(e => e.ToString()));
        Assert.Empty(await world.Service.ListAsync());
    }

    [ImageKernelFact]
    public async Task Removing_by_id_with_one_name_untags_and_deletes()
    {
        using var world = new ImageWorld();
        var id = await ImportAsync(world, "busybox");
        var layer = await LayerOfAsync(world, id);
        var events = await world.Service.RemoveAsync(id.ToString());
        Assert.Equal(["Untagged: busybox:latest", $"Deleted: {id}", $"Deleted: {layer}"], events.Select(e => e.ToString()));
    }

    [ImageKernelFact]
    public async Task An_image_a_container_uses_is_not_removed_unless_forced()
    {
        using var world = new ImageWorld();
        var id = await ImportAsync(world, "busybox");
        // The container's writable layer sits on the image's: it keeps that layer while it exists.
        await world.Snapshots.PrepareAsync("c0ffee0123456789abcdef", (await LayerOfAsync(world, id)).ToString());
        ImageUser? Stopped(Digest image) => image == id ? new ImageUser("c0ffee0123456789abcdef", Running: false) : null;
        ImageUser? Running(Digest image) => image == id ? new ImageUser("c0ffee0123456789abcdef", Running: true) : null;

        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.RemoveAsync("busybox", findUser: Stopped));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Equal($"conflict: unable to remove repository reference \"busybox\" (must force) - container c0ffee012345 is using its referenced image {id.Hex[..12]}",
            error.Message);

        error = await Assert.ThrowsAsync<WharfException>(() => world.Service.RemoveAsync(id.Hex, findUser: Running, force: true));
        Assert.Equal($"conflict: unable to delete {id.Hex[..12]} (cannot be forced) - image is being used by running container c0ffee012345", error.Message);

        error = await Assert.ThrowsAsync<WharfException>(() => world.Service.RemoveAsync(id.Hex, findUser: Stopped));
        Assert.Equal($"conflict: unable to delete {id.Hex[..12]} (must be forced) - image is being used by stopped container c0ffee012345", error.Message);
        Assert.Equal(["busybox:latest"], Assert.Single(await world.Service.ListAsync()).RepoTags);

        // Forcing the last name off an image a running container uses keeps the image, dangling.
        var events = await world.Service.RemoveAsync("busybox", force: true, findUser: Running);
        Assert.Equal(["Untagged: busybox:latest"], events.Select(e => e.ToString()));
        var kept = Assert.Single(await world.Service.ListAsync());
        Assert.Empty(kept.RepoTags);

        events = await world.Service.RemoveAsync(id.Hex[..4], force: true, findUser: Stopped);
        Assert.Equal([$"Deleted: {id}"], events.Select(e => e.ToString()));
        Assert.Equal(2, (await world.Snapshots.ListAsync()).Count);
    }

    [ImageKernelFact]
    public async Task Retagging_a_name_leaves_the_old_image_dangling()
    {
        using var world = new ImageWorld();
        var first = await ImportAsync(world, "app");
        var second = await ImportAsync(world, "app", marker: "two");
        Assert.NotEqual(first, second);

        var list = await world.Service.ListAsync();
        Assert.Equal(2, list.Count);
        Assert.Equal(["app:latest"], list.Single(s => s.Id == second).RepoTags);
        Assert.Empty(list.Single(s => s.Id == first).RepoTags);

        var dangling = await world.Service.ListAsync(ImageFilters.Parse(["dangling=true"]));
        Assert.Equal(first, Assert.Single(dangling).Id);
        var named = await world.Service.ListAsync(ImageFilters.Parse(["dangling=false"]));
        Assert.Equal(second, Assert.Single(named).Id);
    }

    [ImageKernelFact]
    public async Task Reference_and_label_filters_match_as_docker_does()
    {
        using var world = new ImageWorld();
        var a = await ImportAsync(world, "busybox:1.36", "a", ["LABEL tier=base team=core"]);
        var b = await ImportAsync(world, "example.com/team/web:2", "b", ["LABEL tier=app"]);
        await world.Service.TagAsync("busybox:1.36", "busybox:latest");

        async Task<string[]> Tags(params string[] filters) =>
            (await world.Service.ListAsync(ImageFilters.Parse(filters))).SelectMany(s => s.RepoTags).Order().ToArray();

        Assert.Equal(["busybox:1.36", "busybox:latest"], await Tags("reference=busybox"));
        Assert.Equal(["busybox:1.36"], await Tags("reference=busybox:1.*"));
        Assert.Equal(["busybox:1.36", "busybox:latest"], await Tags("reference=busy*"));
        Assert.Equal(["example.com/team/web:2"], await Tags("reference=example.com/*/web"));
        Assert.Empty(await Tags("reference=*/web")); // '*' does not cross '/'
        Assert.Equal(["busybox:latest", "example.com/team/web:2"], await Tags("reference=*:latest", "reference=*/*/*:2"));

        Assert.Equal(a, Assert.Single(await world.Service.ListAsync(ImageFilters.Parse(["label=team"]))).Id);
        Assert.Equal(b, Assert.Single(await world.Service.ListAsync(ImageFilters.Parse(["label=tier=app"]))).Id);
        Assert.Empty(await world.Service.ListAsync(ImageFilters.Parse(["label=tier=app", "label=team"])));

        Assert.Equal("invalid filter 'dangling=maybe'", Assert.Throws<WharfException>(() => ImageFilters.Parse(["dangling=maybe"])).Message);
        Assert.Equal("invalid filter 'size'", Assert.Throws<WharfException>(() => ImageFilters.Parse(["size=1"])).Message);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<WharfException>(() => ImageFilters.Parse(["reference=[abc"])).Kind);
    }

    [ImageKernelFact]
    public async Task Before_and_since_filters_compare_creation_as_docker_does()
    {
        using var world = new ImageWorld();
        var a = await ImportAsync(world, "a", "a");
        var b = await ImportAsync(world, "b", "b");
        var c = await ImportAsync(world, "c", "c");

        async Task<Digest[]> Ids(params string[] filters) =>
            (await world.Service.ListAsync(ImageFilters.Parse(filters))).Select(s => s.Id).ToArray();

        Assert.Equal([c, b], await Ids("since=a"));
        Assert.Equal([b, a], await Ids($"before={c.Hex[..12]}"));
        Assert.Equal([b], await Ids("since=a", "before=c"));
        Assert.Equal([c], await Ids("since=a", "since=b")); // the newest of several wins
        Assert.Equal([a], await Ids("before=c", "before=b")); // the oldest of several wins
        Assert.Empty(await Ids("since=c"));
        Assert.Equal("No such image: nosuch:latest",
            (await Assert.ThrowsAsync<WharfException>(() => world.Service.ListAsync(ImageFilters.Parse(["since=nosuch"])))).Message);
    }

    [ImageKernelFact]
    public async Task Prune_removes_dangling_images_and_their_blobs_but_keeps_shared_ones()
    {
        using var world = new ImageWorld();
        // Same tar twice: two images (different configs) sharing one layer blob.
        var shared1 = await ImportAsync(world, "keep", "shared", ["ENV A=1"]);
        var shared2 = await ImportAsync(world, null, "shared", ["ENV A=2"]);
        var alone = await ImportAsync(world, null, "alone");
        var aloneLayer = await LayerOfAsync(world, alone);
        int before = await world.BlobCountAsync();
        Assert.Equal(8, before); // layer shared: 2 layers + 3 configs + 3 manifests

        var report = await world.Service.PruneAsync();
        Assert.Equal(new[] { $"Deleted: {shared2}", $"Deleted: {alone}", $"Deleted: {aloneLayer}" }.Order(), report.Deleted.Select(e => e.ToString()).Order());
        Assert.Equal($"Deleted: {aloneLayer}", report.Deleted[report.Deleted.ToList().FindIndex(e => e.Deleted == alone.ToString()) + 1].ToString());
        Assert.True(report.SpaceReclaimed > 0);
        Assert.Equal(shared1, Assert.Single(await world.Service.ListAsync()).Id);
        Assert.Equal(3, await world.BlobCountAsync()); // keep's config, manifest and the shared layer

        var inspect = await world.Service.InspectAsync("keep");
        Assert.True(await world.Content.ExistsAsync(inspect.Manifest.Layers[0].Digest));
        Assert.Empty((await world.Service.PruneAsync()).Deleted);
    }

    [ImageKernelFact]
    public async Task Prune_all_spares_images_in_use()
    {
        using var world = new ImageWorld();
        var used = await ImportAsync(world, "used", "u");
        var unused = await ImportAsync(world, "unused", "n");
        var unusedLayer = await LayerOfAsync(world, unused);
        var report = await world.Service.PruneAsync(danglingOnly: false, findUser: id => id == used ? new ImageUser("abc", false) : null);
        Assert.Equal(["Untagged: unused:latest", $"Deleted: {unused}", $"Deleted: {unusedLayer}"], report.Deleted.Select(e => e.ToString()));
        Assert.Equal(used, Assert.Single(await world.Service.ListAsync()).Id);
    }

    [ImageKernelFact]
    public async Task Tag_refuses_digests_and_unknown_sources()
    {
        using var world = new ImageWorld();
        await ImportAsync(world, "busybox");
        Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<WharfException>(
            () => world.Service.TagAsync("busybox", "busybox@sha256:" + new string('b', 64)))).Kind);
        Assert.Equal("No such image: nope:latest", (await Assert.ThrowsAsync<WharfException>(
            () => world.Service.TagAsync("nope", "other"))).Message);
        Assert.Equal(ErrorKind.InvalidArgument, (await Assert.ThrowsAsync<WharfException>(
            () => world.Service.TagAsync("busybox", "UPPER"))).Kind);
    }

    /// <summary>The layer snapshot (chainID: one layer, so its diffID) an import made.</summary>
    private static async Task<Digest> LayerOfAsync(ImageWorld world, Digest id) =>
        (await world.Service.InspectAsync(id.ToString())).Config.RootFs.DiffIds[0];
}
