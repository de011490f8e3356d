using System.Diagnostics;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Content;
using Wharf.Images.Service;
using Wharf.Images.Tests.Service;
using Wharf.Linux.Mounts;
using Wharf.Snapshots.Layers;
using Xunit.Abstractions;

namespace Wharf.Images.Tests.Crash;

/// <summary>
/// Issue 3's crash safety: a worker process doing load, commit or unpack on a shared data root is
/// killed (SIGKILL) at random points; each time the stores are reopened as a restarting daemon
/// opens them and must be consistent (every listed image complete and unpacked, no ingest, no active snapshot,
/// nothing mounted), and a final uninterrupted run gives the expected image.
/// </summary>
public sealed class ImageCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Iterations = 18;
    private readonly string _work = Path.Join(Path.GetTempPath(), $"wharf-crash-{Guid.NewGuid():N}");
    private readonly Random _random = new();

    private string Root => Path.Join(_work, "root");

    [ImageKernelFact]
    [Trait("Category", "Kernel")]
    public async Task Load_killed_at_random_points_leaves_a_consistent_store()
    {
        var (archive, id) = await MakeArchiveAsync("crash/load:v1");
        var normal = await CalibrateAsync("load", archive);

        // Each run starts bare (no blobs, no layers), so kills land in the spool and in the unpack.
        await CrashLoopAsync(normal, ["load", archive], "docker.io/crash/load:v1", keep: new HashSet<Digest>(),
            reset: stores => stores.RemoveSnapshotsAsync());

        await CrashWorker.RunAsync(Root, "load", archive);
        using var stores = await ReopenedStores.OpenAsync(Root);
        Assert.Empty(await stores.ProblemsAsync());
        var image = await stores.Service.ResolveAsync("crash/load:v1");
        Assert.Equal(id, image.Id);
        Assert.Equal(image.Config.RootFs.DiffIds.Count, (await stores.Snapshots.ListAsync()).Count);
    }

    [ImageKernelFact]
    [Trait("Category", "Kernel")]
    public async Task Commit_killed_at_random_points_leaves_a_consistent_store()
    {
        string baseTar = Path.Join(_work, "base.tar");
        Directory.CreateDirectory(_work);
        await File.WriteAllBytesAsync(baseTar, ImageWorld.RootfsTar("base"));
        string upper = Path.Join(_work, "upper");
        CrashLayers.WriteTree(upper, seed: 7, files: 10, fileSize: 384 * 1024);
        string[] commit = ["commit", "crash/base", upper, "crash/committed:v1"];

        // What an uninterrupted commit makes, on a root of its own.
        await CrashWorker.RunAsync(Path.Join(_work, "calibrate"), "import", baseTar, "crash/base");
        var normal = await CalibrateAsync(commit);
        Descriptor expectedLayer;
        using (var reference = await ReopenedStores.OpenAsync(Path.Join(_work, "calibrate")))
            expectedLayer = (await reference.Service.ResolveAsync("crash/committed:v1")).Manifest.Layers[^1];

        await CrashWorker.RunAsync(Root, "import", baseTar, "crash/base");
        HashSet<Digest> keep;
        HashSet<string> baseLayer;
        using (var stores = await ReopenedStores.OpenAsync(Root))
        {
            var image = await stores.Service.ResolveAsync("crash/base");
            keep = [image.Target.Digest, image.Manifest.Config.Digest, .. image.Manifest.Layers.Select(l => l.Digest)];
            baseLayer = [ChainId.Compute(image.Config.RootFs.DiffIds).ToString()];
        }

        // The committed layer's snapshot goes after each run, so every commit unpacks it again.
        await CrashLoopAsync(normal, commit, "docker.io/crash/committed:v1", keep, reset: stores => stores.RemoveSnapshotsAsync(baseLayer));

        await CrashWorker.RunAsync([Root, .. commit]);
        using var final = await ReopenedStores.OpenAsync(Root);
        Assert.Empty(await final.ProblemsAsync());
        var committed = await final.Service.ResolveAsync("crash/committed:v1");
        Assert.Equal(2, committed.Manifest.Layers.Count);
        Assert.Equal(expectedLayer.Digest, committed.Manifest.Layers[^1].Digest);
    }

    [ImageKernelFact]
    [Trait("Category", "Kernel")]
    public async Task Unpack_killed_at_random_points_leaves_no_extract_snapshot()
    {
        var (archive, _) = await MakeArchiveAsync("crash/unpack:v1");
        await CrashWorker.RunAsync(Path.Join(_work, "calibrate"), "store", archive);
        var normal = await CalibrateAsync("unpack", "crash/unpack:v1");
        await CrashWorker.RunAsync(Root, "store", archive);

        // Stored and named without unpacking ("store"): here a name does not promise its layers.
        await CrashLoopAsync(normal, ["unpack", "crash/unpack:v1"], name: null, keep: new HashSet<Digest>(),
            reset: stores => stores.RemoveSnapshotsAsync(), iterations: 10, unpackedNames: false);

        await CrashWorker.RunAsync(Root, "unpack", "crash/unpack:v1");
        using var final = await ReopenedStores.OpenAsync(Root);
        Assert.Empty(await final.ProblemsAsync());
        var image = await final.Service.ResolveAsync("crash/unpack:v1");
        var snapshots = await final.Snapshots.ListAsync();
        Assert.Equal(image.Config.RootFs.DiffIds.Count, snapshots.Count);
        Assert.Contains(snapshots, s => s.Name == ChainId.Compute(image.Config.RootFs.DiffIds).ToString());
    }

    /// <summary>
    /// Runs the worker <see cref="Iterations"/> times, killing it at a random moment of the
    /// operation (most runs) or of its start-up (every fourth), and checks the reopened root each
    /// time. Then the image <paramref name="name"/> (if any) is forgotten so the next run starts bare.
    /// </summary>
    private async Task CrashLoopAsync(TimeSpan normal, string[] operation, string? name, IReadOnlySet<Digest> keep,
        Func<ReopenedStores, Task>? reset, int iterations = Iterations, bool unpackedNames = true)
    {
        var watch = Stopwatch.StartNew();
        var states = new Dictionary<string, int>();
        for (int i = 0; i < iterations; i++)
        {
            bool duringStartup = i % 4 == 3;
            var delay = TimeSpan.FromMilliseconds(_random.NextDouble() * normal.TotalMilliseconds * (duringStartup ? 0.5 : 1.2));
            var run = await CrashWorker.RunAsync([Root, .. operation], delay, fromReady: !duringStartup);
            Assert.True(run.Killed || run.Finished, $"run {i} failed on its own ({run.ExitCode}):\n{run.Output}");

            using var stores = await ReopenedStores.OpenAsync(Root);
            stores.RequireUnpacked = unpackedNames;
            var problems = await stores.ProblemsAsync();
            bool recorded = name is not null && await stores.Records.GetAsync(name) is not null;
            int committedSnapshots = (await stores.Snapshots.ListAsync()).Count;
            string state = !run.Killed ? "finished before the kill"
                : !run.Ready ? "killed during start-up"
                : name is not null ? (recorded ? "killed after the record was written" : "killed before the record was written")
                : $"killed with {committedSnapshots} layer(s) committed";
            if (stores.Recovered.Count > 0) state += $", recovered {stores.Recovered.Count} extract snapshot(s)";
            states[state] = states.GetValueOrDefault(state) + 1;
            output.WriteLine($"{operation[0]} #{i}: kill after {delay.TotalMilliseconds:F0} ms{(duringStartup ? " from start" : " from ready")}: {state}");
            Assert.True(problems.Count == 0, $"run {i} ({state}): {string.Join("; ", problems)}\n{run.Output}");

            if (name is not null) await stores.ForgetAsync(name, keep);
            if (reset is not null) await reset(stores);
        }
        output.WriteLine($"{operation[0]}: {iterations} kills in {watch.Elapsed.TotalSeconds:F1} s, operation normally {normal.TotalMilliseconds:F0} ms");
        foreach (var (state, count) in states.OrderBy(p => p.Key, StringComparer.Ordinal)) output.WriteLine($"  {count} × {state}");
    }

    /// <summary>How long the operation takes after start-up, uninterrupted, on a root of its own.</summary>
    private async Task<TimeSpan> CalibrateAsync(params string[] operation)
    {
        var run = await CrashWorker.RunAsync([Path.Join(_work, "calibrate"), .. operation]);
        return run.SinceReady;
    }

    /// <summary>A three-layer docker-archive of about 6 MB (half random, half repetitive), and its image ID.</summary>
    private async Task<(string Archive, Digest Id)> MakeArchiveAsync(string name)
    {
        Directory.CreateDirectory(_work);
        var layers = new List<string>();
        for (int seed = 1; seed <= 3; seed++)
        {
            string layer = Path.Join(_work, $"layer{seed}.tar");
            CrashLayers.WriteLayer(layer, seed, files: 8, fileSize: 256 * 1024);
            layers.Add(layer);
        }
        string archive = Path.Join(_work, "image.tar");
        var run = await CrashWorker.RunAsync([Path.Join(_work, "source"), "make-archive", archive, name, .. layers]);
        string idLine = run.Output.Split('\n').Single(line => line.StartsWith("id ", StringComparison.Ordinal));
        return (archive, Digest.Parse(idLine[3..].Trim()));
    }

    public void Dispose()
    {
        try { MountSet.UnmountUnder(_work); } catch (Exception) { /* nothing was mounted */ }
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
