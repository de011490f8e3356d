using System.Text;
using Wharf.Core;
using Wharf.Images.Service;
using Wharf.Linux.Mounts;
using Wharf.Snapshots;

namespace Wharf.Images.Tests.Service;

[Trait("Category", "Kernel")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnpackTests
{
    [ImageKernelFact]
    public async Task Unpack_commits_the_layer_as_a_snapshot_named_by_its_chain_id()
    {
        using var world = new ImageWorld();
        var id = await world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar("one", "gzip")), new ImportOptions { Reference = "busybox" });
        var top = await world.Service.UnpackAsync("busybox");

        var inspect = await world.Service.InspectAsync(id.ToString());
        Assert.Equal(inspect.Config.RootFs.DiffIds[0], top); // one layer: chainID = diffID
        var info = await world.Snapshots.StatAsync(top.ToString());
        Assert.Equal(SnapshotKind.Committed, info.Kind);

        await WithViewAsync(world, top, root =>
        {
            Assert.Equal("wharf-one\n", File.ReadAllText(Path.Join(root, "etc/hostname")));
            Assert.Equal("tool", new FileInfo(Path.Join(root, "bin/sh")).LinkTarget);
            Assert.True(Directory.Exists(Path.Join(root, "bin")));
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Join(root, "bin/tool")) & (UnixFileMode)0b111_111_111);
        });

        // Again: nothing new.
        Assert.Equal(top, await world.Service.UnpackAsync(id.Hex[..8]));
        Assert.Single(await world.Snapshots.ListAsync(), s => s.Kind == SnapshotKind.Committed);
    }

    [ImageKernelFact]
    public async Task The_same_tar_imported_twice_shares_one_layer_snapshot()
    {
        using var world = new ImageWorld();
        byte[] tar = ImageWorld.RootfsTar("same");
        var a = await world.Service.ImportAsync(new MemoryStream(tar), new ImportOptions { Reference = "a", Changes = ["ENV X=1"] });
        var b = await world.Service.ImportAsync(new MemoryStream(tar), new ImportOptions { Reference = "b", Changes = ["ENV X=2"] });
        Assert.NotEqual(a, b);
        var topA = await world.Service.UnpackAsync("a");
        var topB = await world.Service.UnpackAsync("b");
        Assert.Equal(topA, topB);
        Assert.Single(await world.Snapshots.ListAsync());

        // Removing one image keeps the shared layer; removing the last one collects it.
        await world.Service.RemoveAsync("a");
        Assert.Single(await world.Snapshots.ListAsync());
        await world.Service.RemoveAsync("b");
        Assert.Empty(await world.Snapshots.ListAsync());
    }

    [ImageKernelFact]
    public async Task Prune_removes_the_layer_snapshots_of_pruned_images_only()
    {
        using var world = new ImageWorld();
        await world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar("kept")), new ImportOptions { Reference = "kept" });
        var gone = await world.Service.ImportAsync(new MemoryStream(ImageWorld.RootfsTar("gone")), new ImportOptions());
        var keptTop = await world.Service.UnpackAsync("kept");
        var goneTop = await world.Service.UnpackAsync(gone.ToString());

        var report = await world.Service.PruneAsync();
        Assert.Equal([$"Deleted: {gone}", $"Deleted: {goneTop}"], report.Deleted.Select(e => e.ToString()));
        var names = (await world.Snapshots.ListAsync()).Select(s => s.Name).ToList();
        Assert.Equal([keptTop.ToString()], names);
        Assert.DoesNotContain(goneTop.ToString(), names);
    }

    [ImageKernelFact]
    public async Task A_layer_that_fails_to_apply_fails_the_import_and_leaves_no_snapshot()
    {
        using var world = new ImageWorld();
        // A tar whose entry climbs out of the root: the import stores it, its unpack refuses it.
        var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "../escape")
                { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("x")) });
        tar.Position = 0;

        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.ImportAsync(tar, new ImportOptions { Reference = "evil" }));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(await world.Service.ListAsync());
        Assert.Empty(await world.Snapshots.ListAsync());
        Assert.False(File.Exists(Path.Join(world.Root, "snapshots", "escape")));
    }

    /// <summary>Runs <paramref name="check"/> on a read-only view of the committed snapshot, mounted if it must be.</summary>
    private static async Task WithViewAsync(ImageWorld world, Digest chain, Action<string> check)
    {
        string key = $"view-{Guid.NewGuid():N}";
        var mounts = await world.Snapshots.ViewAsync(key, chain.ToString());
        string target = Path.Join(world.Root, key);
        try
        {
            if (mounts is [{ IsBind: true, Target: null } bind])
            {
                check(bind.Source);
                return;
            }
            Directory.CreateDirectory(target);
            MountSet.MountAll(mounts, target);
            try
            {
                check(target);
            }
            finally
            {
                MountSet.Unmount(target);
            }
        }
        finally
        {
            await world.Snapshots.RemoveAsync(key);
        }
    }
}
