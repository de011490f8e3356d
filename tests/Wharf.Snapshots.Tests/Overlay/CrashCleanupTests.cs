using Wharf.Snapshots.Overlay;

namespace Wharf.Snapshots.Tests.Overlay;

/// <summary>
/// Crash safety. At each crash point of an operation the snapshotter's root is copied as it is on
/// disk at that moment (what a kill there would leave); opening the copy must find the old or the
/// new state, consistent, with the leftovers cleaned, and go on working.
/// </summary>
public sealed class CrashCleanupTests : IDisposable
{
    private readonly TempRoot _temp = new();

    public void Dispose() => _temp.Dispose();

    private string NewRoot() => Path.Join(_temp.Path, Guid.NewGuid().ToString("N"));

    private record struct State(string Name, SnapshotKind Kind, string? Parent);

    private static async Task<State[]> StateOf(ISnapshotter snapshotter) =>
        (await snapshotter.ListAsync()).Select(s => new State(s.Name, s.Kind, s.Parent)).ToArray();

    /// <summary>
    /// Runs <paramref name="operation"/> on a root set up by <paramref name="setUp"/>, imaging the
    /// root at step <paramref name="step"/>; returns the state before, after, and found on reopening the image.
    /// </summary>
    private async Task<(State[] Before, State[] After, State[] Recovered, OverlaySnapshotter Reopened)> CrashAt(
        string step, Func<OverlaySnapshotter, Task> setUp, Func<OverlaySnapshotter, Task> operation)
    {
        string root = NewRoot(), image = NewRoot();
        State[] before, after;
        bool imaged = false;
        using (var snapshotter = OverlaySnapshotter.Open(root))
        {
            await setUp(snapshotter);
            before = await StateOf(snapshotter);
            snapshotter.Step = name =>
            {
                if (name != step) return;
                CopyTree(root, image);
                imaged = true;
            };
            await operation(snapshotter);
            after = await StateOf(snapshotter);
        }
        Assert.True(imaged, $"the operation never reached step {step}");

        var reopened = OverlaySnapshotter.Open(image);
        AssertConsistent(image);
        return (before, after, await StateOf(reopened), reopened);
    }

    /// <summary>Every record has its directories, every directory its record, no temp file is left.</summary>
    private static void AssertConsistent(string root)
    {
        var table = SnapshotTable.Load(Path.Join(root, "metadata.json"));
        var layout = new SnapshotLayout(root);
        foreach (SnapshotRecord record in table.Snapshots.Values)
        {
            Assert.True(Directory.Exists(layout.FsOf(record.Id)), $"snapshot {record.Id} has no fs directory");
            Assert.Equal(record.Kind == SnapshotKind.Active, Directory.Exists(layout.WorkOf(record.Id)));
            Assert.True(record.Id < table.NextId);
        }
        var ids = table.Snapshots.Values.Select(r => r.Id.ToString()).Order();
        Assert.Equal(ids, Directory.EnumerateFileSystemEntries(layout.Snapshots).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.EnumerateFiles(root, ".*.tmp"));
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string entry in Directory.EnumerateFileSystemEntries(source))
        {
            string target = Path.Join(destination, Path.GetFileName(entry));
            if (Path.GetFileName(entry) == "lock") continue; // held (flock) by the live snapshotter; a kill releases it
            var info = new FileInfo(entry);
            if (info.LinkTarget is string link)
                File.CreateSymbolicLink(target, link);
            else if (Directory.Exists(entry))
                CopyTree(entry, target);
            else
                File.Copy(entry, target);
        }
    }

    private static async Task Layer(ISnapshotter snapshotter, string name, string? parent)
    {
        var mounts = await snapshotter.PrepareAsync($"extract {name}", parent);
        File.WriteAllText(Path.Join(mounts[0].WritableDirectory!, name), name);
        await snapshotter.CommitAsync(name, $"extract {name}");
    }

    [Theory]
    [InlineData("create.claimed")]
    [InlineData("create.made")]
    public async Task ACrashDuringPrepareLeavesTheOldStateAndNoDirectory(string step)
    {
        var (before, _, recovered, reopened) = await CrashAt(step,
            s => Layer(s, "l1", null),
            s => s.PrepareAsync("c", "l1"));
        using (reopened)
        {
            Assert.Equal(before, recovered);
            // The key is free again, and the id the crashed attempt took is reused cleanly.
            var mounts = await reopened.PrepareAsync("c", "l1");
            Assert.Equal("overlay", mounts[0].Type);
            Assert.Empty(Directory.EnumerateFileSystemEntries(mounts[0].WritableDirectory!));
        }
    }

    [Theory]
    [InlineData("create.claimed")]
    [InlineData("create.made")]
    public async Task ACrashDuringViewLeavesTheOldState(string step)
    {
        var (before, _, recovered, reopened) = await CrashAt(step,
            s => Layer(s, "l1", null),
            s => s.ViewAsync("v", "l1"));
        using (reopened)
            Assert.Equal(before, recovered);
    }

    [Fact]
    public async Task ACrashAfterCommitsMetadataWriteLeavesTheNewStateWithoutItsWorkDirectory()
    {
        var (_, after, recovered, reopened) = await CrashAt("commit.saved",
            async s =>
            {
                await Layer(s, "l1", null);
                var mounts = await s.PrepareAsync("tmp", "l1");
                File.WriteAllText(Path.Join(mounts[0].WritableDirectory!, "f"), "x");
            },
            s => s.CommitAsync("l2", "tmp"));
        using (reopened)
        {
            Assert.Equal(after, recovered);
            Assert.Contains(new State("l2", SnapshotKind.Committed, "l1"), recovered);
            var mounts = await reopened.ViewAsync("v", "l2");
            Assert.Equal("x", File.ReadAllText(Path.Join(mounts[0].OptionValue("lowerdir")!.Split(':')[0], "f")));
        }
    }

    [Fact]
    public async Task ACrashAfterCommitOntosMetadataWriteLeavesTheLayerStackedOnItsParent()
    {
        var (_, after, recovered, reopened) = await CrashAt("commit.saved",
            async s =>
            {
                await Layer(s, "l1", null);
                var mounts = await s.PrepareAsync("tmp", null);
                File.WriteAllText(Path.Join(mounts[0].WritableDirectory!, "f"), "x");
            },
            s => s.CommitOntoAsync("l2", "tmp", "l1"));
        using (reopened)
        {
            Assert.Equal(after, recovered);
            Assert.Contains(new State("l2", SnapshotKind.Committed, "l1"), recovered);
            var mounts = await reopened.ViewAsync("v", "l2");
            Assert.Equal("x", File.ReadAllText(Path.Join(mounts[0].OptionValue("lowerdir")!.Split(':')[0], "f")));
        }
    }

    [Fact]
    public async Task ACrashAfterRemovesMetadataWriteLeavesTheNewStateAndDeletesTheDirectory()
    {
        var (before, after, recovered, reopened) = await CrashAt("remove.saved",
            async s =>
            {
                await Layer(s, "l1", null);
                await Layer(s, "l2", "l1");
            },
            s => s.RemoveAsync("l2"));
        using (reopened)
        {
            Assert.NotEqual(before, after);
            Assert.Equal(after, recovered);
        }
    }

    [Fact]
    public async Task AHalfDeletedOrphanDirectoryIsDeleted()
    {
        string root = NewRoot();
        using (var snapshotter = OverlaySnapshotter.Open(root))
            await Layer(snapshotter, "l1", null);
        // What a kill part-way through deleting snapshot 7 (already out of the metadata) leaves.
        string orphan = Path.Join(root, "snapshots", "7");
        Directory.CreateDirectory(Path.Join(orphan, "fs", "usr", "bin"));
        File.WriteAllText(Path.Join(orphan, "fs", "usr", "bin", "sh"), "");

        using var reopened = OverlaySnapshotter.Open(root);

        AssertConsistent(root);
        Assert.Equal([new State("l1", SnapshotKind.Committed, null)], await StateOf(reopened));
    }

    [Fact]
    public async Task AnInterruptedMetadataWriteLeavesTheOldMetadataAndItsTempFileIsDeleted()
    {
        string root = NewRoot();
        using (var snapshotter = OverlaySnapshotter.Open(root))
            await Layer(snapshotter, "l1", null);
        // AtomicFile.Write killed before its rename: a torn temp file beside the intact metadata.
        File.WriteAllText(Path.Join(root, ".metadata.json.4242.0123456789abcdef0123456789abcdef.tmp"), "{\"version\": 1, \"nextId");

        using var reopened = OverlaySnapshotter.Open(root);

        AssertConsistent(root);
        Assert.Equal([new State("l1", SnapshotKind.Committed, null)], await StateOf(reopened));
    }

    [Fact]
    public async Task ARecordWhoseDirectoryIsGoneIsDroppedWithEverythingStackedOnIt()
    {
        string root = NewRoot();
        using (var snapshotter = OverlaySnapshotter.Open(root))
        {
            await Layer(snapshotter, "l1", null);
            await Layer(snapshotter, "l2", "l1");
            await Layer(snapshotter, "l3", "l2");
            await snapshotter.PrepareAsync("c", "l3");
            await Layer(snapshotter, "other", "l1");
        }
        Directory.Delete(Path.Join(root, "snapshots", "2"), recursive: true); // l2: lost outside our control

        using var reopened = OverlaySnapshotter.Open(root);

        AssertConsistent(root);
        Assert.Equal([new State("l1", SnapshotKind.Committed, null), new State("other", SnapshotKind.Committed, "l1")],
            await StateOf(reopened));
    }

    [Fact]
    public async Task StrayEntriesInTheSnapshotsDirectoryAreDeleted()
    {
        string root = NewRoot();
        using (var snapshotter = OverlaySnapshotter.Open(root))
            await Layer(snapshotter, "l1", null);
        string outside = Path.Join(_temp.Path, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Join(outside, "keep"), "keep");
        Directory.CreateDirectory(Path.Join(root, "snapshots", "new-123", "fs"));
        Directory.CreateDirectory(Path.Join(root, "snapshots", "007"));
        File.WriteAllText(Path.Join(root, "snapshots", "9"), "not a directory");
        Directory.CreateSymbolicLink(Path.Join(root, "snapshots", "8"), outside);

        using var reopened = OverlaySnapshotter.Open(root);

        AssertConsistent(root);
        Assert.Equal("keep", File.ReadAllText(Path.Join(outside, "keep")));
    }

    [Fact]
    public async Task CleanupIsIdempotent()
    {
        string root = NewRoot();
        using (var snapshotter = OverlaySnapshotter.Open(root))
            await Layer(snapshotter, "l1", null);
        string metadata = File.ReadAllText(Path.Join(root, "metadata.json"));

        OverlaySnapshotter.Open(root).Dispose();
        OverlaySnapshotter.Open(root).Dispose();

        Assert.Equal(metadata, File.ReadAllText(Path.Join(root, "metadata.json")));
        AssertConsistent(root);
    }
}
