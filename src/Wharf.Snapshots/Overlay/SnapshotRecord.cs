namespace Wharf.Snapshots.Overlay;

/// <summary>One snapshot's metadata; its key is the key of the table entry that holds it.</summary>
internal sealed record SnapshotRecord(
    long Id,
    SnapshotKind Kind,
    string? Parent,
    DateTimeOffset Created,
    IReadOnlyDictionary<string, string> Labels)
{
    public SnapshotInfo ToInfo(string name) => new(name, Kind, Parent, Created, Labels);
}
