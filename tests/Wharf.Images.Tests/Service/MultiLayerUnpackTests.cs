using System.Formats.Tar;
using System.Text;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Images.Service;
using Wharf.Linux.Mounts;
using Wharf.Snapshots;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Tests.Service;

[Trait("Category", "Kernel")]
public sealed class MultiLayerUnpackTests
{
    [ImageKernelFact]
    public async Task Layers_stack_by_chain_id_and_whiteouts_hide_lower_files()
    {
        using var world = new ImageWorld();
        byte[] bottom = ImageWorld.RootfsTar("base");
        byte[] top = Tar(("README", null), ("etc/motd", "welcome\n")); // deletes README, adds motd
        var config = await StoreImageAsync(world, "stack", [bottom, top]);

        var chain = await world.Service.UnpackAsync("stack");
        Assert.Equal(ChainId.Compute(config.RootFs.DiffIds), chain);
        var snapshots = await world.Snapshots.ListAsync();
        Assert.Equal(2, snapshots.Count);
        Assert.Equal(config.RootFs.DiffIds[0].ToString(), snapshots.Single(s => s.Name == chain.ToString()).Parent);

        await WithViewAsync(world, chain, merged =>
        {
            Assert.Equal("wharf-base\n", File.ReadAllText(Path.Join(merged, "etc/hostname")));
            Assert.Equal("welcome\n", File.ReadAllText(Path.Join(merged, "etc/motd")));
            Assert.False(File.Exists(Path.Join(merged, "README")));
        });
    }

    [ImageKernelFact]
    public async Task A_symlink_planted_in_a_lower_layer_never_steers_a_higher_one()
    {
        using var world = new ImageWorld();
        string outside = Path.Join(world.Root, "outside");
        Directory.CreateDirectory(outside);
        // Layer 1 plants links out of the root, absolute and relative; layers 2 and 3 write "through" them.
        byte[] planted = Tar(entries: [
            Link("escape", outside),
            Link("up", "../../../../../../../../.."),
            Link("etc", outside)]);
        byte[] through = Tar(("escape/pwned", "2"), ("up/" + outside.TrimStart('/') + "/pwned-up", "2"));
        byte[] deeper = Tar(("etc/passwd", "root::0:0::/:/bin/sh\n"));
        await StoreImageAsync(world, "planted", [planted, through, deeper]);

        var chain = await world.Service.UnpackAsync("planted");

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        // Each higher layer holds real directories of its own, which overlay puts over the links.
        await WithViewAsync(world, chain, merged =>
        {
            Assert.Null(new DirectoryInfo(Path.Join(merged, "escape")).LinkTarget);
            Assert.Equal("2", File.ReadAllText(Path.Join(merged, "escape", "pwned")));
            Assert.Equal("root::0:0::/:/bin/sh\n", File.ReadAllText(Path.Join(merged, "etc", "passwd")));
            Assert.True(File.Exists(Path.Join(merged, "up", outside.TrimStart('/'), "pwned-up")));
        });
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [ImageKernelFact]
    public async Task A_bad_layer_among_good_ones_fails_the_unpack_and_leaves_no_snapshot()
    {
        using var world = new ImageWorld();
        byte[] good = ImageWorld.RootfsTar("good");
        byte[] evil = Tar(("../../escape", "x"));
        await StoreImageAsync(world, "mixed", [good, Tar(("a", "1")), evil, Tar(("b", "2"))]);

        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.UnpackAsync("mixed"));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("escape", error.Message);
        Assert.Empty(await world.Snapshots.ListAsync());
        Assert.Empty(Directory.EnumerateDirectories(Path.Join(world.Root, "snapshots", "snapshots")));
    }

    [ImageKernelFact]
    public async Task A_layer_whose_content_is_not_its_diff_id_fails_the_unpack_and_leaves_no_snapshot()
    {
        using var world = new ImageWorld();
        byte[] first = ImageWorld.RootfsTar("first");
        byte[] second = Tar(("a", "1"));
        var config = await StoreImageAsync(world, "lying", [first, second], diffIds: [Digest.Compute(first), Digest.Compute("other"u8)]);

        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.UnpackAsync("lying"));

        Assert.Contains($"the config says {config.RootFs.DiffIds[1]}", error.Message);
        Assert.Empty(await world.Snapshots.ListAsync());
    }

    [ImageKernelFact]
    public async Task Images_sharing_a_base_unpacked_at_once_share_its_snapshot()
    {
        using var world = new ImageWorld();
        byte[] shared = ImageWorld.RootfsTar("shared");
        await StoreImageAsync(world, "one", [shared, Tar(("one", "1"))]);
        await StoreImageAsync(world, "two", [shared, Tar(("two", "2"))]);

        var tops = await Task.WhenAll(world.Service.UnpackAsync("one"), world.Service.UnpackAsync("two"));

        var snapshots = await world.Snapshots.ListAsync();
        Assert.Equal(3, snapshots.Count);
        Assert.All(snapshots, s => Assert.Equal(SnapshotKind.Committed, s.Kind));
        Assert.All(tops, top => Assert.Equal(Digest.Compute(shared).ToString(), snapshots.Single(s => s.Name == top.ToString()).Parent));
        Assert.Empty(await world.Service.RecoverAsync());
    }

    [ImageKernelFact]
    public async Task Removing_an_image_reports_the_layers_that_went_top_first_and_keeps_shared_ones()
    {
        using var world = new ImageWorld();
        byte[] shared = ImageWorld.RootfsTar("shared");
        var kept = await StoreImageAsync(world, "kept", [shared, Tar(("kept", "1"))]);
        var gone = await StoreImageAsync(world, "gone", [shared, Tar(("middle", "1")), Tar(("top", "1"))]);
        await world.Service.UnpackAsync("kept");
        await world.Service.UnpackAsync("gone");
        var id = (await world.Service.ResolveAsync("gone")).Id;
        var chains = gone.RootFs.DiffIds.Select((_, i) => ChainId.Compute(gone.RootFs.DiffIds.Take(i + 1).ToList())).ToList();

        var events = await world.Service.RemoveAsync("gone");

        Assert.Equal(["Untagged: gone:latest", $"Deleted: {id}", $"Deleted: {chains[2]}", $"Deleted: {chains[1]}"], events.Select(e => e.ToString()));
        string[] left = [chains[0].ToString(), ChainId.Compute(kept.RootFs.DiffIds).ToString()];
        Assert.Equal(left.Order(StringComparer.Ordinal), (await world.Snapshots.ListAsync()).Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    [ImageKernelFact]
    public async Task Sizes_are_what_docker_counts_per_layer()
    {
        using var world = new ImageWorld();
        // 3000-byte file with a second name, a 1000-byte file, a 3-byte symlink target, an empty dir, a whiteout.
        byte[] first = Tar(entries: [
            FileEntry("g", new string('g', 3000)),
            new PaxTarEntry(TarEntryType.HardLink, "h") { LinkName = "g" },
            FileEntry("d/f", new string('f', 1000)),
            Link("l", "d/f"),
            new PaxTarEntry(TarEntryType.Directory, "empty/")]);
        byte[] second = Tar(("d/f", null), ("new", "12345"));
        var config = await StoreImageAsync(world, "sized", [first, second], history: [
            new ImageHistory { CreatedBy = "ADD first" },
            new ImageHistory { CreatedBy = "ENV X=1", EmptyLayer = true },
            new ImageHistory { CreatedBy = "ADD second" }]);
        await world.Service.UnpackAsync("sized");

        var history = await world.Service.HistoryAsync("sized");
        Assert.Equal([("ADD second", 5L), ("ENV X=1", 0L), ("ADD first", 4003L)], history.Select(h => (h.CreatedBy, h.Size)));
        Assert.Equal(4008, Assert.Single(await world.Service.ListAsync()).Size);
        Assert.Equal(4008, (await world.Service.InspectAsync("sized")).Size);
        Assert.Equal(2, config.RootFs.DiffIds.Count);
    }

    /// <summary>Stores the layers (uncompressed) and a config and manifest for them, named <paramref name="name"/>.</summary>
    private static async Task<ImageConfig> StoreImageAsync(ImageWorld world, string name, byte[][] layers,
        IReadOnlyList<Digest>? diffIds = null, IReadOnlyList<ImageHistory>? history = null)
    {
        var descriptors = new List<Descriptor>();
        foreach (byte[] layer in layers)
            descriptors.Add((await world.Content.WriteBlobAsync(layer)).Describe(MediaTypes.OciLayer));
        var config = new ImageConfig
        {
            OS = "linux", Architecture = Platform.Host.Architecture,
            RootFs = new ImageRootFs { DiffIds = diffIds ?? layers.Select(l => Digest.Compute(l)).ToList() },
            History = history,
        };
        var configInfo = await world.Content.WriteBlobAsync(ImageDocuments.Serialize(config));
        var manifest = new ImageManifest { Config = configInfo.Describe(MediaTypes.OciConfig), Layers = descriptors };
        var target = (await world.Content.WriteBlobAsync(ImageDocuments.Serialize(manifest))).Describe(MediaTypes.OciManifest);
        await world.Records.PutAsync(new ImageRecord { Name = ImageReference.Parse(name).ToString(), Target = target });
        return config;
    }

    /// <summary>Mounts a read-only view of <paramref name="chain"/> and hands its root to <paramref name="check"/>.</summary>
    private static async Task WithViewAsync(ImageWorld world, Digest chain, Action<string> check)
    {
        string key = $"view-{Guid.NewGuid():N}";
        var mounts = await world.Snapshots.ViewAsync(key, chain.ToString());
        string merged = Path.Join(world.Root, key);
        Directory.CreateDirectory(merged);
        try
        {
            MountSet.MountAll(mounts, merged);
            try
            {
                check(merged);
            }
            finally
            {
                MountSet.Unmount(merged);
            }
        }
        finally
        {
            await world.Snapshots.RemoveAsync(key);
        }
    }

    /// <summary>A layer tar: (name, text) files, or (name, null) for a whiteout of name.</summary>
    private static byte[] Tar(params (string Name, string? Text)[] files) =>
        Tar(entries: files.Select(f => f.Text is null ? Whiteout(f.Name) : FileEntry(f.Name, f.Text)).ToArray());

    private static byte[] Tar(PaxTarEntry[] entries)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var entry in entries) writer.WriteEntry(entry);
        return tar.ToArray();
    }

    private static PaxTarEntry FileEntry(string name, string text) =>
        new(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };

    private static PaxTarEntry Whiteout(string name)
    {
        string dir = Path.GetDirectoryName(name) ?? "";
        return new(TarEntryType.RegularFile, Path.Join(dir, ".wh." + Path.GetFileName(name))) { Mode = (UnixFileMode)0b110_100_100 };
    }

    private static PaxTarEntry Link(string name, string target) =>
        new(TarEntryType.SymbolicLink, name) { LinkName = target };
}
