using System.Formats.Tar;
using System.Security.Cryptography;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Images.Service;
using Wharf.Images.Store;
using Wharf.Linux.FileSystem;
using Wharf.Snapshots;
using Wharf.Snapshots.Overlay;

namespace Wharf.Images.Tests.Crash;

/// <summary>
/// The stores of a data root as a restarting daemon opens them (content orphans, snapshot
/// cleanup, <see cref="ImageService.RecoverAsync"/>), and the checks that they are consistent.
/// Dispose before the next worker runs: the snapshotter holds the root's lock.
/// </summary>
internal sealed class ReopenedStores : ImageStores
{
    private ReopenedStores(string root) : base(root)
    {
    }

    public IReadOnlyList<string> Recovered { get; private set; } = [];

    public static async Task<ReopenedStores> OpenAsync(string root)
    {
        var stores = new ReopenedStores(root);
        stores.Recovered = await stores.Service.RecoverAsync();
        return stores;
    }

    /// <summary>Every way the root can be inconsistent after a crash and a reopen; empty when it is not.</summary>
    public async Task<List<string>> ProblemsAsync()
    {
        var problems = new List<string>();
        problems.AddRange(Corrupt.Select(name => $"corrupt record {name}"));
        foreach (var record in await Records.ListAsync())
        {
            if (await MissingOrBadAsync(record.Target.Digest) is { } bad) { problems.Add($"{record.Name}: manifest {bad}"); continue; }
            var manifest = ImageDocuments.ParseManifest(await Content.ReadBlobAsync(record.Target, ContentLimits.Manifest));
            foreach (var blob in manifest.Layers.Prepend(manifest.Config))
                if (await MissingOrBadAsync(blob.Digest) is { } why) problems.Add($"{record.Name}: blob {blob.Digest} {why}");
            if (problems.Count == 0)
            {
                var config = ImageDocuments.ParseConfig(await Content.ReadBlobAsync(manifest.Config, ContentLimits.Config));
                if (config.RootFs.DiffIds.Count != manifest.Layers.Count) problems.Add($"{record.Name}: diff_ids do not match the layers");
                else if (RequireUnpacked && !await IsUnpackedAsync(config)) problems.Add($"{record.Name}: named before its layers were unpacked");
            }
        }
        foreach (string ingest in Directory.EnumerateFileSystemEntries(Path.Join(Content.Root, "ingest")))
            problems.Add($"ingest left: {Path.GetFileName(ingest)}");
        foreach (var snapshot in await Snapshots.ListAsync())
            if (snapshot.Kind == SnapshotKind.Active) problems.Add($"active snapshot left: {snapshot.Name}");
        foreach (string mount in MountsUnder(Root)) problems.Add($"mounted: {mount}");
        return problems;
    }

    /// <summary>Whether a named image must have all its layers committed (true for what the image service names).</summary>
    public bool RequireUnpacked { get; set; } = true;

    private async Task<bool> IsUnpackedAsync(ImageConfig config)
    {
        try
        {
            var top = await Snapshots.StatAsync(Wharf.Snapshots.Layers.ChainId.Compute(config.RootFs.DiffIds).ToString());
            return top.Kind == SnapshotKind.Committed;
        }
        catch (WharfException e) when (e.Kind == ErrorKind.NotFound)
        {
            return false;
        }
    }

    /// <summary>Null when the blob is present and hashes to its digest; else what is wrong.</summary>
    private async Task<string?> MissingOrBadAsync(Digest digest)
    {
        if (!await Content.ExistsAsync(digest)) return "missing";
        await using var stream = await Content.OpenReadAsync(digest);
        byte[] hash = await SHA256.HashDataAsync(stream);
        return Convert.ToHexStringLower(hash) == digest.Hex ? null : "does not verify";
    }

    /// <summary>Deletes the image's record, and its blobs that <paramref name="keep"/> does not hold, so the next run starts bare.</summary>
    public async Task ForgetAsync(string name, IReadOnlySet<Digest> keep)
    {
        var record = await Records.GetAsync(name);
        if (record is null) return;
        var manifest = ImageDocuments.ParseManifest(await Content.ReadBlobAsync(record.Target, ContentLimits.Manifest));
        await Records.DeleteAsync(name);
        foreach (var blob in manifest.Layers.Prepend(manifest.Config).Select(d => d.Digest).Append(record.Target.Digest))
            if (!keep.Contains(blob)) await Content.DeleteAsync(blob);
    }

    /// <summary>Removes every snapshot but <paramref name="keep"/>'s, top of the stacks first.</summary>
    public async Task RemoveSnapshotsAsync(IReadOnlySet<string>? keep = null)
    {
        keep ??= new HashSet<string>();
        for (var all = await Snapshots.ListAsync(); all.Any(s => !keep.Contains(s.Name)); all = await Snapshots.ListAsync())
        {
            var parents = all.Select(s => s.Parent).Where(p => p is not null).ToHashSet();
            foreach (var leaf in all.Where(s => !parents.Contains(s.Name) && !keep.Contains(s.Name))) await Snapshots.RemoveAsync(leaf.Name);
        }
    }

    public static IEnumerable<string> MountsUnder(string root) =>
        File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4])
            .Where(point => point == root || point.StartsWith(root + "/", StringComparison.Ordinal));
}

/// <summary>Layer tars big enough that writing them takes a while: random (incompressible) and repetitive files.</summary>
internal static class CrashLayers
{
    public static void WriteLayer(string path, int seed, int files, int fileSize)
    {
        var random = new Random(seed);
        using var stream = File.Create(path);
        using var writer = new TarWriter(stream, TarEntryFormat.Pax);
        var mtime = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, $"layer{seed}/") { Mode = (UnixFileMode)0b111_101_101, ModificationTime = mtime });
        for (int i = 0; i < files; i++)
        {
            byte[] data = new byte[fileSize];
            if (i % 2 == 0) random.NextBytes(data);
            else for (int j = 0; j < data.Length; j++) data[j] = (byte)('a' + (j / 64 + i) % 26);
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"layer{seed}/file{i}")
            {
                Mode = (UnixFileMode)0b110_100_100,
                ModificationTime = mtime,
                DataStream = new MemoryStream(data),
            });
        }
    }

    /// <summary>A container's upper directory: the same kind of files, written in place.</summary>
    public static void WriteTree(string directory, int seed, int files, int fileSize)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Join(directory, "data"));
        for (int i = 0; i < files; i++)
        {
            byte[] data = new byte[fileSize];
            if (i % 2 == 0) random.NextBytes(data);
            else for (int j = 0; j < data.Length; j++) data[j] = (byte)('a' + (j / 64 + i) % 26);
            File.WriteAllBytes(Path.Join(directory, "data", $"file{i}"), data);
        }
    }
}
