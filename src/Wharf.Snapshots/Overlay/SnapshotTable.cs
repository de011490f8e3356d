using System.Text.Json;
using Wharf.Core;
using Wharf.Linux.FileSystem;

namespace Wharf.Snapshots.Overlay;

/// <summary>
/// The snapshotter's metadata: every snapshot by key, and the next id to hand out. Immutable: a
/// change makes a new table, which replaces the current one only once it is on disk, so a failed
/// write leaves memory and disk agreeing on the old state.
/// </summary>
internal sealed record SnapshotTable(int Version, long NextId, IReadOnlyDictionary<string, SnapshotRecord> Snapshots)
{
    public const int CurrentVersion = 1;

    public static SnapshotTable Empty { get; } = new(CurrentVersion, 1, new Dictionary<string, SnapshotRecord>());

    public static SnapshotTable Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return Empty;
        }
        SnapshotTable? table;
        try
        {
            table = JsonSerializer.Deserialize(bytes, SnapshotJsonContext.Default.SnapshotTable);
        }
        catch (JsonException e)
        {
            throw new WharfException(ErrorKind.Internal, $"snapshot metadata {path} is corrupt: {e.Message}", e);
        }
        if (table is null || table.Snapshots is null)
            throw new WharfException(ErrorKind.Internal, $"snapshot metadata {path} is corrupt: no snapshot table");
        if (table.Version != CurrentVersion)
            throw new WharfException(ErrorKind.Internal, $"snapshot metadata {path} has version {table.Version}, this build reads {CurrentVersion}");
        return table;
    }

    /// <summary>Writes the table atomically (temp file, fsync, rename, fsync of the directory).</summary>
    public void Save(string path) =>
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(this, SnapshotJsonContext.Default.SnapshotTable));

    public bool Contains(string key) => Snapshots.ContainsKey(key);

    public SnapshotRecord Get(string key) =>
        Snapshots.TryGetValue(key, out SnapshotRecord? record) ? record
        : throw WharfException.NotFound($"snapshot {key} does not exist");

    /// <summary>Adds or replaces a record; the next id moves past its id.</summary>
    public SnapshotTable With(string key, SnapshotRecord record) =>
        this with
        {
            NextId = Math.Max(NextId, record.Id + 1),
            Snapshots = new Dictionary<string, SnapshotRecord>(Snapshots) { [key] = record },
        };

    public SnapshotTable Without(IEnumerable<string> keys)
    {
        var snapshots = new Dictionary<string, SnapshotRecord>(Snapshots);
        foreach (string key in keys) snapshots.Remove(key);
        return this with { Snapshots = snapshots };
    }

    public SnapshotTable Without(string key) => Without([key]);

    /// <summary>Keys of the snapshots whose parent is <paramref name="name"/>, ordered.</summary>
    public IReadOnlyList<string> ChildrenOf(string name) =>
        Snapshots.Where(s => s.Value.Parent == name).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// <paramref name="parent"/> and its ancestors, nearest first: overlay's lowerdir order. Every
    /// one is committed (the only kind that can be a parent).
    /// </summary>
    public IReadOnlyList<SnapshotRecord> ChainOf(string? parent)
    {
        var chain = new List<SnapshotRecord>();
        string? name = parent;
        while (name is not null)
        {
            if (!Snapshots.TryGetValue(name, out SnapshotRecord? record))
                throw chain.Count == 0
                    ? WharfException.NotFound($"parent snapshot {name} does not exist")
                    : new WharfException(ErrorKind.Internal, $"snapshot metadata names a missing ancestor {name}");
            if (record.Kind != SnapshotKind.Committed)
                throw WharfException.Invalid($"parent snapshot {name} is not committed (it is {record.Kind.ToString().ToLowerInvariant()})");
            if (chain.Count > Snapshots.Count)
                throw new WharfException(ErrorKind.Internal, $"snapshot metadata has a parent cycle through {name}");
            chain.Add(record);
            name = record.Parent;
        }
        return chain;
    }
}
