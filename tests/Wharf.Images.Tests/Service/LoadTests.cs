using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Images.Service;
using Wharf.Images.Tests.Archive;
using Wharf.Snapshots;
using Wharf.Snapshots.Layers;
using static Wharf.Images.Tests.Archive.ArchiveTestContext;

namespace Wharf.Images.Tests.Service;

/// <summary>`docker load` through the service: stored, unpacked as the archive goes by, then named.</summary>
[Trait("Category", "Kernel")]
public sealed class LoadTests
{
    private static async Task<(byte[] Archive, TestImage Image)> ArchiveAsync(string name, params (byte[] Tar, bool Gzip)[] layers)
    {
        using var source = new ArchiveTestContext();
        var image = await source.AddImageAsync(name, layers);
        using var output = new MemoryStream();
        await source.Writer.WriteAsync([(ImageReference.Parse(name), image.Manifest)], output);
        return (output.ToArray(), image);
    }

    [ImageKernelFact]
    public async Task Layers_are_unpacked_as_the_archive_is_read_and_never_read_back()
    {
        using var world = new ImageWorld();
        var (archive, image) = await ArchiveAsync("once:1",
            (LayerTar(("a", new string('a', 200_000))), false), (LayerTar(("b", new string('b', 200_000))), true), (LayerTar(("c", "3")), false));
        var counting = new CountingContentStore(world.Content);
        var service = new ImageService(counting, world.Records, world.Snapshots);

        var loaded = Assert.Single(await service.LoadAsync(new MemoryStream(archive)));

        Assert.Equal(image.Id, loaded.Id);
        Assert.All(image.Document.Layers, layer => Assert.Equal(0, counting.BytesRead(layer.Digest)));
        var snapshots = await world.Snapshots.ListAsync();
        Assert.Equal(3, snapshots.Count);
        Assert.All(snapshots, s => Assert.Equal(SnapshotKind.Committed, s.Kind));
        Assert.Contains(snapshots, s => s.Name == ChainId.Compute(image.DiffIds).ToString());
        Assert.Equal(400_001, (await service.InspectAsync("once:1")).Size);
    }

    [ImageKernelFact]
    public async Task Each_layer_reports_its_progress_from_nothing_to_its_size_and_nothing_else_does()
    {
        using var world = new ImageWorld();
        var (archive, image) = await ArchiveAsync("progress:1",
            (LayerTar(("a", new string('a', 300_000))), false), (LayerTar(("b", new string('b', 300_000))), true));
        var reports = new List<Wharf.Images.Archive.LayerProgress>();
        var progress = new SynchronousProgress(reports);

        await world.Service.LoadAsync(new MemoryStream(archive), default, progress);

        // One id per layer blob: its digest's first 12 hex digits; the config and manifests report nothing.
        var expected = image.Document.Layers.Select(l => l.Digest.Hex[..12]).Order().ToList();
        Assert.Equal(expected, reports.Select(r => r.Id).Distinct().Order().ToList());
        foreach (var layer in image.Document.Layers)
        {
            var mine = reports.Where(r => r.Id == layer.Digest.Hex[..12]).ToList();
            Assert.Equal(0, mine[0].Current);
            Assert.Equal(layer.Size, mine[^1].Current);
            Assert.All(mine, r => Assert.Equal(layer.Size, r.Total));
            Assert.Equal(mine.Select(r => r.Current).Order(), mine.Select(r => r.Current)); // never backwards
            Assert.InRange(mine.Count, 2, 102); // at most one report per hundredth, plus the first
        }
    }

    [ImageKernelFact]
    public async Task Disk_usage_counts_a_shared_layer_once_and_as_shared_by_both_images()
    {
        using var world = new ImageWorld();
        byte[] common = LayerTar(("base", new string('b', 100_000)));
        var (first, one) = await ArchiveAsync("df-one:1", (common, false), (LayerTar(("own", new string('o', 50_000))), false));
        var (second, two) = await ArchiveAsync("df-two:1", (common, false));
        await world.Service.LoadAsync(new MemoryStream(first));
        await world.Service.LoadAsync(new MemoryStream(second));

        var usage = await world.Service.DiskUsageAsync();

        long oneSize = (await world.Service.InspectAsync("df-one:1")).Size;
        long twoSize = (await world.Service.InspectAsync("df-two:1")).Size;
        Assert.Equal(oneSize, twoSize + 50_000); // the own layer holds 50 000 bytes unpacked
        Assert.Equal(oneSize, usage.LayersSize); // the base counted once
        var byId = usage.Images.ToDictionary(u => u.Summary.Id);
        Assert.Equal(twoSize, byId[one.Id].SharedSize);
        Assert.Equal(twoSize, byId[two.Id].SharedSize);
        Assert.Equal(oneSize, byId[one.Id].Summary.Size);
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; a test wants the reports in order, as made.</summary>
    private sealed class SynchronousProgress(List<Wharf.Images.Archive.LayerProgress> reports) : IProgress<Wharf.Images.Archive.LayerProgress>
    {
        public void Report(Wharf.Images.Archive.LayerProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }

    [ImageKernelFact]
    public async Task Loading_an_image_again_unpacks_nothing_and_leaves_nothing_behind()
    {
        using var world = new ImageWorld();
        var (archive, image) = await ArchiveAsync("again:1", (LayerTar(("a", "1")), false), (LayerTar(("b", "2")), true));
        await world.Service.LoadAsync(new MemoryStream(archive));
        var before = await world.Snapshots.ListAsync();

        await world.Service.LoadAsync(new MemoryStream(archive));

        Assert.Equal(before.Select(s => (s.Name, s.Created)), (await world.Snapshots.ListAsync()).Select(s => (s.Name, s.Created)));
        Assert.Equal(image.Id, (await world.Service.ResolveAsync("again:1")).Id);
    }

    [ImageKernelFact]
    public async Task A_hostile_layer_fails_the_load_names_nothing_and_leaves_no_snapshot()
    {
        using var world = new ImageWorld();
        byte[] evil = BuildTar(TarItem.Text("../../outside", "x"));
        var (archive, _) = await ArchiveAsync("evil:1", (LayerTar(("good", "1")), false), (evil, true));

        var error = await Assert.ThrowsAsync<WharfException>(() => world.Service.LoadAsync(new MemoryStream(archive)));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("outside", error.Message);
        Assert.Empty(await world.Records.ListAsync());
        Assert.Empty(await world.Snapshots.ListAsync());
        Assert.False(File.Exists(Path.Join(world.Root, "outside")));
    }

    [ImageKernelFact]
    public async Task Files_that_looked_like_layers_but_were_not_are_not_kept()
    {
        using var world = new ImageWorld();
        var (archive, _) = await ArchiveAsync("extra:1", (LayerTar(("a", "1")), false));
        // A tar and some gzip data beside the image: unpacked on the way, in case, then dropped.
        byte[] padded = BuildTar([.. ReadTar(archive).Select(e => e.Type == System.Formats.Tar.TarEntryType.Directory ? TarItem.Dir(e.Name) : TarItem.File(e.Name, e.Data)),
            TarItem.File("extra/notes.tar", LayerTar(("n", "1"))), TarItem.File("extra/blob.gz", Gzip("not a tar"u8.ToArray()))]);

        await world.Service.LoadAsync(new MemoryStream(padded));

        Assert.Single(await world.Snapshots.ListAsync());
        Assert.Empty(await world.Service.RecoverAsync());
    }

    [ImageKernelFact]
    public async Task A_name_that_moves_keeps_its_old_image_dangling()
    {
        using var world = new ImageWorld();
        var (first, one) = await ArchiveAsync("moving:1", (LayerTar(("a", "1")), false));
        var (second, two) = await ArchiveAsync("moving:1", (LayerTar(("a", "2")), false));
        await world.Service.LoadAsync(new MemoryStream(first));

        await world.Service.LoadAsync(new MemoryStream(second));

        var list = await world.Service.ListAsync();
        Assert.Equal(["moving:1"], list.Single(s => s.Id == two.Id).RepoTags);
        Assert.Empty(list.Single(s => s.Id == one.Id).RepoTags);
    }
}
