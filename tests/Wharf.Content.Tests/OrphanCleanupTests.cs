using System.Diagnostics;
using System.Text;
using Wharf.Core;

namespace Wharf.Content.Tests;

/// <summary>What a crash mid-ingest leaves is removed at the next open; live ingests are not.</summary>
public sealed class OrphanCleanupTests : IDisposable
{
    private readonly StoreRoot _root = new();

    public void Dispose() => _root.Dispose();

    /// <summary>An ingest directory as a writer killed mid-write leaves it: partial data, a lock nobody holds.</summary>
    private string LeaveCrashedIngest(string name, bool withLock = true)
    {
        string directory = Path.Join(_root.Ingests, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Join(directory, "data"), "half a layer");
        if (withLock) File.WriteAllText(Path.Join(directory, "lock"), "");
        return directory;
    }

    [Fact]
    public void Reopening_removes_what_a_crashed_ingest_left()
    {
        _ = _root.Open();
        string crashed = LeaveCrashedIngest("abc-crashed");
        string stray = Path.Join(_root.Ingests, "stray-file");
        File.WriteAllText(stray, "x");

        _ = _root.Open();

        Assert.False(Directory.Exists(crashed));
        Assert.False(File.Exists(stray));
        Assert.Empty(_root.IngestEntries());
    }

    [Fact]
    public void A_directory_without_its_lock_is_debris_unless_its_writers_pending_lock_is_held()
    {
        var store = _root.Open();
        string crashed = LeaveCrashedIngest("crashed", withLock: false);
        string creating = LeaveCrashedIngest("creating", withLock: false);
        string stalePending = LeaveCrashedIngest("stale", withLock: false) + ".lock";
        File.WriteAllText(stalePending, "");
        // A writer between taking its lock and moving it into its directory.
        using (new FileStream(creating + ".lock", FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            store.CleanupOrphans();
            Assert.False(Directory.Exists(crashed));
            Assert.False(File.Exists(stalePending));
            Assert.True(Directory.Exists(creating));
            Assert.True(File.Exists(creating + ".lock"));
        }
        // The writer died there: both go at the next cleanup, without waiting.
        store.CleanupOrphans();
        Assert.False(Directory.Exists(creating));
        Assert.Empty(_root.IngestEntries());
    }

    [Fact]
    public async Task A_live_ingest_survives_another_store_opening_the_same_root()
    {
        var store = _root.Open();
        byte[] content = Encoding.UTF8.GetBytes("written across a reopen");
        await using var writer = await store.BeginIngestAsync(Digest.Compute(content), content.Length);
        await writer.WriteAsync(content.AsMemory(0, 5));

        var other = _root.Open(); // cleans up, as a second process starting would
        Assert.Equal(0, other.CleanupOrphans());
        Assert.Single(_root.IngestEntries());

        await writer.WriteAsync(content.AsMemory(5));
        var info = await writer.CommitAsync();
        Assert.True(await other.ExistsAsync(info.Digest));
    }

    [FlockFact]
    public async Task An_ingest_whose_process_was_killed_is_removed_at_the_next_open()
    {
        var store = _root.Open();
        string directory = LeaveCrashedIngest("killed-writer");

        // A child process holds the ingest's lock as a live writer in another process does
        // (flock(1) takes the same flock(2) lock .NET takes for FileShare.None).
        using var child = Process.Start(new ProcessStartInfo(FlockFactAttribute.Flock, [Path.Join(directory, "lock"), "sleep", "60"])
        {
            RedirectStandardError = true,
        })!;
        try
        {
            await WaitUntil(() => IsLocked(Path.Join(directory, "lock")));
            Assert.Equal(0, store.CleanupOrphans());
            Assert.True(Directory.Exists(directory));
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
        // flock's child (sleep) shares the locked descriptor and may still be dying.
        await WaitUntil(() => !IsLocked(Path.Join(directory, "lock")));

        _ = _root.Open();
        Assert.False(Directory.Exists(directory));
    }

    private static bool IsLocked(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the child never took the lock");
            await Task.Delay(10);
        }
    }
}

/// <summary>A test that needs util-linux's flock(1) to hold a lock from another process.</summary>
public sealed class FlockFactAttribute : FactAttribute
{
    public const string Flock = "/usr/bin/flock";

    public FlockFactAttribute()
    {
        if (!File.Exists(Flock)) Skip = $"{Flock} (util-linux) is not installed";
    }
}
