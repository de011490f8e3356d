using Wharf.Core;
using Wharf.Images.Service;
using Wharf.Linux.Mounts;

namespace Wharf.Images.Tests.Service;

[Trait("Category", "Kernel")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CommitTests
{
    /// <summary>
    /// docker commit: changes made in a container (a file added, one deleted) become a new top layer;
    /// the new image's filesystem shows both, and its config and history say what the commit said.
    /// </summary>
    [ImageKernelFact]
    public async Task A_container_layer_becomes_the_top_layer_of_a_new_image()
    {
        using var world = new ImageWorld();
        var baseId = await world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar("base")), new ImportOptions { Reference = "busybox" });
        var baseTop = await world.Service.UnpackAsync("busybox");

        var mounts = await world.Snapshots.PrepareAsync("container-1", baseTop.ToString());
        string rootfs = Path.Join(world.Root, "container-1");
        Directory.CreateDirectory(rootfs);
        MountSet.MountAll(mounts, rootfs);
        try
        {
            File.WriteAllText(Path.Join(rootfs, "etc/motd"), "committed\n");
            File.Delete(Path.Join(rootfs, "etc/hostname"));
        }
        finally
        {
            MountSet.Unmount(rootfs);
        }

        var id = await world.Service.CommitAsync("busybox", mounts[0].WritableDirectory!, new CommitOptions
        {
            Reference = "committed:v1",
            Author = "Ada <ada@example.org>",
            Message = "add motd",
            CreatedBy = "/bin/sh -c edit",
            Changes = ["CMD [\"/bin/tool\", \"--serve\"]"],
        });
        await world.Snapshots.RemoveAsync("container-1");

        var image = await world.Service.InspectAsync("committed:v1");
        var parent = await world.Service.InspectAsync(baseId.ToString());
        Assert.Equal(id, image.Id);
        Assert.Equal(2, image.Config.RootFs.DiffIds.Count);
        Assert.Equal(parent.Config.RootFs.DiffIds[0], image.Config.RootFs.DiffIds[0]);
        Assert.Equal(parent.Manifest.Layers[0], image.Manifest.Layers[0]);
        Assert.Equal(["/bin/tool", "--serve"], image.Config.Config!.Cmd);
        var last = image.Config.History![^1];
        Assert.Equal(("Ada <ada@example.org>", "add motd", "/bin/sh -c edit"), (last.Author, last.Comment, last.CreatedBy));
        Assert.Equal(["committed:v1"], image.RepoTags);

        // The new image's filesystem: the added file is there, the deleted one is gone.
        var top = await world.Service.UnpackAsync("committed:v1");
        var view = await world.Snapshots.ViewAsync("check", top.ToString());
        string check = Path.Join(world.Root, "check");
        Directory.CreateDirectory(check);
        MountSet.MountAll(view, check);
        try
        {
            Assert.Equal("committed\n", File.ReadAllText(Path.Join(check, "etc/motd")));
            Assert.False(File.Exists(Path.Join(check, "etc/hostname")));
            Assert.True(File.Exists(Path.Join(check, "bin/tool")));
        }
        finally
        {
            MountSet.Unmount(check);
            await world.Snapshots.RemoveAsync("check");
        }
    }

    [ImageKernelFact]
    public async Task Committing_onto_an_unknown_image_or_a_missing_layer_fails_clearly()
    {
        using var world = new ImageWorld();
        var e = await Assert.ThrowsAsync<WharfException>(() => world.Service.CommitAsync("nosuch", world.Root, new CommitOptions()));
        Assert.Equal("No such image: nosuch:latest", e.Message);
        await world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar("base")), new ImportOptions { Reference = "busybox" });
        var missing = await Assert.ThrowsAsync<WharfException>(() => world.Service.CommitAsync("busybox", Path.Join(world.Root, "nope"), new CommitOptions()));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
    }
}
