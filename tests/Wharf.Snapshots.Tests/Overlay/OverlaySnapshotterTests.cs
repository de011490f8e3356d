using Wharf.Core;
using Wharf.Linux.Mounts;
using Wharf.Snapshots.Overlay;

namespace Wharf.Snapshots.Tests.Overlay;

/// <summary>Metadata, ids, parents, mount shapes, removal and locking: no mounting, plain temp dirs.</summary>
public sealed class OverlaySnapshotterTests : IDisposable
{
    private readonly TempRoot _temp = new();
    private readonly OverlaySnapshotter _snapshotter;

    public OverlaySnapshotterTests() => _snapshotter = OverlaySnapshotter.Open(Root);

    private string Root => Path.Join(_temp.Path, "root");

    public void Dispose()
    {
        _snapshotter.Dispose();
        _temp.Dispose();
    }

    private string Fs(string id) => Path.Join(Root, "snapshots", id, "fs");

    private async Task Layer(string name, string? parent, string file, string content)
    {
        var mounts = await _snapshotter.PrepareAsync($"extract {name}", parent);
        File.WriteAllText(Path.Join(mounts[0].WritableDirectory!, file), content);
        await _snapshotter.CommitAsync(name, $"extract {name}");
    }

    [Fact]
    public async Task PrepareWithoutParentIsAWritableBindOfItsEmptyFsDirectory()
    {
        var mounts = await _snapshotter.PrepareAsync("base", null);

        Mount mount = Assert.Single(mounts);
        Assert.Equal("bind", mount.Type);
        Assert.Equal(Fs("1"), mount.Source);
        Assert.Equal(["rbind", "rw"], mount.Options);
        Assert.Equal(Fs("1"), mount.WritableDirectory);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Fs("1")));
        Assert.True(Directory.Exists(Path.Join(Root, "snapshots", "1", "work")));
    }

    [Fact]
    public async Task PrepareOnAChainIsAnOverlayWithLowerdirsNearestFirst()
    {
        await Layer("l1", null, "a", "1");
        await Layer("l2", "l1", "a", "2");
        await Layer("l3", "l2", "a", "3");

        var mounts = await _snapshotter.PrepareAsync("c", "l3");

        Mount mount = Assert.Single(mounts);
        Assert.Equal("overlay", mount.Type);
        Assert.Equal($"lowerdir={Fs("3")}:{Fs("2")}:{Fs("1")}", mount.Options.Last());
        Assert.Equal(Fs("4"), mount.OptionValue("upperdir"));
        Assert.Equal(Path.Join(Root, "snapshots", "4", "work"), mount.OptionValue("workdir"));
        Assert.Equal(Fs("4"), mount.WritableDirectory);
        Assert.False(mount.IsReadOnly);
    }

    [Fact]
    public async Task IdsAreShortIncreasingNumbersNeverReused()
    {
        await _snapshotter.PrepareAsync("a", null);
        await _snapshotter.PrepareAsync("b", null);
        await _snapshotter.RemoveAsync("b");
        var mounts = await _snapshotter.PrepareAsync("c", null);

        Assert.Equal(Fs("3"), mounts[0].Source);
        Assert.Equal(["1", "3"], Directory.EnumerateDirectories(Path.Join(Root, "snapshots")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task ViewsAreReadOnly()
    {
        await Layer("l1", null, "a", "1");
        await Layer("l2", "l1", "b", "2");

        Mount empty = Assert.Single(await _snapshotter.ViewAsync("v0", null));
        Mount single = Assert.Single(await _snapshotter.ViewAsync("v1", "l1"));
        Mount stacked = Assert.Single(await _snapshotter.ViewAsync("v2", "l2"));

        Assert.Equal(("bind", true, Fs("3")), (empty.Type, empty.IsReadOnly, empty.Source));
        Assert.Equal(("bind", true, Fs("1")), (single.Type, single.IsReadOnly, single.Source));
        Assert.Equal(("overlay", true), (stacked.Type, stacked.IsReadOnly));
        Assert.Equal($"{Fs("2")}:{Fs("1")}", stacked.OptionValue("lowerdir"));
        Assert.Null(stacked.OptionValue("upperdir"));
        Assert.All([empty, single, stacked], m => Assert.Null(m.WritableDirectory));
        Assert.Equal(SnapshotKind.View, (await _snapshotter.StatAsync("v2")).Kind);
    }

    [Fact]
    public async Task CommitTurnsTheActiveSnapshotIntoAnImmutableParent()
    {
        var labels = new Dictionary<string, string> { ["wharf.diffid"] = "sha256:abc" };
        await _snapshotter.PrepareAsync("tmp", null, labels);
        SnapshotInfo before = await _snapshotter.StatAsync("tmp");

        await _snapshotter.CommitAsync("l1", "tmp");

        SnapshotInfo info = await _snapshotter.StatAsync("l1");
        Assert.Equal(new SnapshotInfo("l1", SnapshotKind.Committed, null, before.Created, info.Labels), info);
        Assert.Equal("sha256:abc", info.Labels["wharf.diffid"]);
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<WharfException>(() => _snapshotter.StatAsync("tmp"))).Kind);
        Assert.False(Directory.Exists(Path.Join(Root, "snapshots", "1", "work")));
        Assert.Equal(ErrorKind.InvalidArgument,
            (await Assert.ThrowsAsync<WharfException>(() => _snapshotter.MountsAsync("l1"))).Kind);
    }

    [Fact]
    public async Task CommitLabelsReplaceTheActiveSnapshots()
    {
        await _snapshotter.PrepareAsync("tmp", null, new Dictionary<string, string> { ["a"] = "1" });
        await _snapshotter.CommitAsync("l1", "tmp", new Dictionary<string, string> { ["b"] = "2" });

        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, (await _snapshotter.StatAsync("l1")).Labels);
    }

    [Fact]
    public async Task CommitOntoStacksALayerWrittenAloneOnTheParentGivenAtCommit()
    {
        await Layer("l1", null, "a", "1");
        // Written while l1 was still being unpacked: prepared without a parent.
        var mounts = await _snapshotter.PrepareAsync("tmp", null, new Dictionary<string, string> { ["k"] = "v" });
        File.WriteAllText(Path.Join(mounts[0].WritableDirectory!, "b"), "2");

        await _snapshotter.CommitOntoAsync("l2", "tmp", "l1");

        SnapshotInfo info = await _snapshotter.StatAsync("l2");
        Assert.Equal((SnapshotKind.Committed, "l1", "v"), (info.Kind, info.Parent, info.Labels["k"]));
        Assert.False(Directory.Exists(Path.Join(Root, "snapshots", "2", "work")));
        Mount child = Assert.Single(await _snapshotter.PrepareAsync("c", "l2"));
        Assert.Equal($"lowerdir={Fs("2")}:{Fs("1")}", child.Options.Last());
        // Stacked for real: l1 cannot go while l2 is on it.
        Assert.Equal(ErrorKind.Conflict, (await Assert.ThrowsAsync<WharfException>(() => _snapshotter.RemoveAsync("l1"))).Kind);
    }

    [Fact]
    public async Task CommitOntoNothingIsAPlainCommit()
    {
        await _snapshotter.PrepareAsync("tmp", null);

        await _snapshotter.CommitOntoAsync("l1", "tmp", null, new Dictionary<string, string> { ["b"] = "2" });

        SnapshotInfo info = await _snapshotter.StatAsync("l1");
        Assert.Equal((SnapshotKind.Committed, (string?)null, "2"), (info.Kind, info.Parent, info.Labels["b"]));
    }

    [Fact]
    public async Task CommitOntoRefusesWhatCannotBeStacked()
    {
        await Layer("l1", null, "a", "1");
        await _snapshotter.PrepareAsync("alone", null);
        await _snapshotter.PrepareAsync("onl1", "l1");
        await _snapshotter.PrepareAsync("other", null);
        await _snapshotter.ViewAsync("view", null);

        async Task<ErrorKind> Kind(Func<Task> operation) => (await Assert.ThrowsAsync<WharfException>(operation)).Kind;

        Assert.Equal(ErrorKind.InvalidArgument, await Kind(() => _snapshotter.CommitOntoAsync("x", "onl1", "l1")));
        Assert.Equal(ErrorKind.NotFound, await Kind(() => _snapshotter.CommitOntoAsync("x", "alone", "missing")));
        Assert.Equal(ErrorKind.InvalidArgument, await Kind(() => _snapshotter.CommitOntoAsync("x", "alone", "other")));
        Assert.Equal(ErrorKind.InvalidArgument, await Kind(() => _snapshotter.CommitOntoAsync("x", "view", "l1")));
        Assert.Equal(ErrorKind.AlreadyExists, await Kind(() => _snapshotter.CommitOntoAsync("l1", "alone", null)));
        Assert.Equal(ErrorKind.NotFound, await Kind(() => _snapshotter.CommitOntoAsync("x", "missing", "l1")));
        Assert.Equal(["alone", "l1", "onl1", "other", "view"], (await _snapshotter.ListAsync()).Select(s => s.Name));
        Assert.Equal(SnapshotKind.Active, (await _snapshotter.StatAsync("alone")).Kind);
    }

    [Fact]
    public async Task OperationsTheKindDoesNotAllowAreRefused()
    {
        await Layer("l1", null, "a", "1");
        await _snapshotter.PrepareAsync("active", null);
        await _snapshotter.ViewAsync("view", "l1");

        async Task<ErrorKind> Kind(Func<Task> operation) => (await Assert.ThrowsAsync<WharfException>(operation)).Kind;

        Assert.Equal(ErrorKind.AlreadyExists, await Kind(() => _snapshotter.PrepareAsync("l1", null)));
        Assert.Equal(ErrorKind.AlreadyExists, await Kind(() => _snapshotter.ViewAsync("active", "l1")));
        Assert.Equal(ErrorKind.NotFound, await Kind(() => _snapshotter.PrepareAsync("x", "missing")));
        Assert.Equal(ErrorKind.InvalidArgument, await Kind(() => _snapshotter.PrepareAsync("x", "active")));
        Assert.Equal(ErrorKind.InvalidArgument, await Kind(() => _snapshotter.PrepareAsync("x", "view")));
        Assert.Equal(ErrorKind.InvalidArgument, await Kind(() => _snapshotter.CommitAsync("x", "view")));
        Assert.Equal(ErrorKind.InvalidArgument, await Kind(() => _snapshotter.CommitAsync("x", "l1")));
        Assert.Equal(ErrorKind.AlreadyExists, await Kind(() => _snapshotter.CommitAsync("l1", "active")));
        Assert.Equal(ErrorKind.NotFound, await Kind(() => _snapshotter.CommitAsync("x", "missing")));
        Assert.Equal(ErrorKind.NotFound, await Kind(() => _snapshotter.RemoveAsync("missing")));
        Assert.Equal(ErrorKind.NotFound, await Kind(() => _snapshotter.UsageAsync("missing")));
        Assert.Equal(ErrorKind.InvalidArgument, await Kind(() => _snapshotter.PrepareAsync("", null)));
        // A refused operation changes nothing.
        Assert.Equal(["active", "l1", "view"], (await _snapshotter.ListAsync()).Select(s => s.Name));
        Assert.Equal(3, Directory.EnumerateDirectories(Path.Join(Root, "snapshots")).Count());
    }

    [Fact]
    public async Task RemovingASnapshotWithChildrenIsRefusedNamingThem()
    {
        await Layer("l1", null, "a", "1");
        await Layer("l2", "l1", "b", "2");
        await _snapshotter.PrepareAsync("c", "l1");
        await _snapshotter.ViewAsync("v", "l1");

        var error = await Assert.ThrowsAsync<WharfException>(() => _snapshotter.RemoveAsync("l1"));

        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("c, l2, v", error.Message);
        Assert.Equal("1", File.ReadAllText(Path.Join(Fs("1"), "a")));

        await _snapshotter.RemoveAsync("c");
        await _snapshotter.RemoveAsync("v");
        await _snapshotter.RemoveAsync("l2");
        await _snapshotter.RemoveAsync("l1");
        Assert.Empty(await _snapshotter.ListAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Join(Root, "snapshots")));
    }

    [Fact]
    public async Task ListAndStatReportKindParentAndCreation()
    {
        DateTimeOffset start = DateTimeOffset.UtcNow;
        await Layer("l1", null, "a", "1");
        await _snapshotter.PrepareAsync("c", "l1");

        var list = await _snapshotter.ListAsync();

        Assert.Equal([("c", SnapshotKind.Active, "l1"), ("l1", SnapshotKind.Committed, null)],
            list.Select(s => (s.Name, s.Kind, s.Parent)));
        Assert.All(list, s => Assert.InRange(s.Created, start.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public async Task UsageCountsOnlyTheSnapshotsOwnLayer()
    {
        await Layer("l1", null, "big", new string('x', 10_000));
        var mounts = await _snapshotter.PrepareAsync("c", "l1");
        string upper = mounts[0].WritableDirectory!;
        Directory.CreateDirectory(Path.Join(upper, "d"));
        File.WriteAllText(Path.Join(upper, "d", "f"), "12345");
        File.CreateSymbolicLink(Path.Join(upper, "link"), "d/f");

        SnapshotUsage usage = await _snapshotter.UsageAsync("c");

        Assert.Equal(4, usage.Inodes); // fs, d, d/f, link
        Assert.InRange(usage.Size, 5, 5 + 3); // the file, and the link's own few bytes at most
        Assert.Equal(new SnapshotUsage(10_000, 2), await _snapshotter.UsageAsync("l1"));
    }

    [Fact]
    public async Task MetadataSurvivesReopening()
    {
        await Layer("l1", null, "a", "1");
        await _snapshotter.PrepareAsync("c", "l1", new Dictionary<string, string> { ["k"] = "v" });
        var expected = await _snapshotter.ListAsync();
        _snapshotter.Dispose();

        using var reopened = OverlaySnapshotter.Open(Root);

        var actual = await reopened.ListAsync();
        Assert.Equal(expected.Select(s => (s.Name, s.Kind, s.Parent, s.Created)), actual.Select(s => (s.Name, s.Kind, s.Parent, s.Created)));
        Assert.Equal("v", actual.Single(s => s.Name == "c").Labels["k"]);
        Assert.Equal(Fs("3"), (await reopened.PrepareAsync("d", "l1"))[0].OptionValue("upperdir"));
    }

    [Fact]
    public async Task MetadataIsJsonWithTheRecordsFields()
    {
        await _snapshotter.PrepareAsync("c", null);

        string json = File.ReadAllText(Path.Join(Root, "metadata.json"));

        Assert.Contains("\"nextId\": 2", json);
        Assert.Contains("\"c\": {", json);
        Assert.Contains("\"kind\": \"Active\"", json);
    }

    [Fact]
    public void ASecondOpenOfTheSameRootIsAConflictUntilTheFirstIsDisposed()
    {
        var error = Assert.Throws<WharfException>(() => OverlaySnapshotter.Open(Root));
        Assert.Equal(ErrorKind.Conflict, error.Kind);

        _snapshotter.Dispose();
        using var second = OverlaySnapshotter.Open(Root);
    }

    [Fact]
    public async Task ADisposedSnapshotterRefusesWork()
    {
        _snapshotter.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _snapshotter.ListAsync());
    }

    [Fact]
    public async Task ACancelledTokenStopsAnOperationBeforeItStarts()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _snapshotter.PrepareAsync("c", null, null, new CancellationToken(true)));
        Assert.Empty(await _snapshotter.ListAsync());
    }

    [Fact]
    public async Task ConcurrentOperationsRunOneAtATime()
    {
        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() => _snapshotter.PrepareAsync($"c{i}", null))));

        var list = await _snapshotter.ListAsync();
        Assert.Equal(32, list.Count);
        Assert.Equal(Enumerable.Range(1, 32).Select(i => i.ToString()),
            Directory.EnumerateDirectories(Path.Join(Root, "snapshots")).Select(Path.GetFileName).OrderBy(n => int.Parse(n!)));
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("a:b")]
    public void ARootOverlayOptionsCannotCarryIsRefused(string name)
    {
        var error = Assert.Throws<WharfException>(() => OverlaySnapshotter.Open(Path.Join(_temp.Path, name)));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
    }
}
