using Wharf.Linux.Mounts;

namespace Wharf.Snapshots;

/// <summary>
/// Filesystem snapshots in containerd's model: the layers of images and the writable layers of
/// containers, each a directory tree named by a key and mounted by the caller.
/// </summary>
/// <remarks>
/// <para>Lifecycle. <see cref="PrepareAsync"/> makes an <see cref="SnapshotKind.Active"/> snapshot: a
/// writable layer on top of a committed parent (or empty), returned as the mounts that assemble
/// it. <see cref="CommitAsync"/> turns an active snapshot into a <see cref="SnapshotKind.Committed"/>
/// one under a new name: immutable from then on, and the only kind that can be a parent.
/// <see cref="ViewAsync"/> makes a read-only <see cref="SnapshotKind.View"/> of a committed snapshot.
/// <see cref="RemoveAsync"/> deletes any snapshot that no other snapshot has as its parent: a layer
/// in use is never removed, the refusal (a Conflict) names the children.</para>
/// <para>Applying a layer: <c>PrepareAsync(tmpKey, parentChainId)</c>, write the layer's changes
/// into the directory the returned mounts write to (<see cref="Mount.WritableDirectory"/> of the
/// single mount: overlay's upperdir or a bind's source), then <c>CommitAsync(chainId, tmpKey)</c>.
/// Layers applied side by side: <c>PrepareAsync(tmpKey, null)</c> for each, write each one's changes
/// (whiteouts as the snapshotter's own markers, see <see cref="CommitOntoAsync"/>), then
/// <c>CommitOntoAsync(chainId, tmpKey, parentChainId)</c> in order, bottom first.</para>
/// <para>Durability: a commit makes the snapshot's files durable (syncfs) before its commit point,
/// so a power cut never leaves a committed snapshot with missing data.</para>
/// <para>The snapshotter never mounts anything itself; unmounting before removal is the caller's
/// job (<see cref="MountSet"/>). Errors are <c>WharfException</c>s: NotFound for an unknown key,
/// AlreadyExists for a key or name in use, InvalidArgument for an operation the snapshot's kind
/// does not allow, Conflict for a removal refused because of children.</para>
/// </remarks>
public interface ISnapshotter
{
    /// <summary>A new active (writable) snapshot on <paramref name="parent"/> (a committed snapshot, or null for an empty one).</summary>
    Task<IReadOnlyList<Mount>> PrepareAsync(string key, string? parent,
        IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default);

    /// <summary>A new read-only view of <paramref name="parent"/> (a committed snapshot, or null for an empty one).</summary>
    Task<IReadOnlyList<Mount>> ViewAsync(string key, string? parent,
        IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Turns the active snapshot <paramref name="key"/> into the committed snapshot <paramref name="name"/>;
    /// <paramref name="key"/> is gone afterwards. Labels default to the active snapshot's.
    /// </summary>
    Task CommitAsync(string name, string key,
        IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="CommitAsync"/> with the parent given now: the active snapshot <paramref name="key"/>,
    /// prepared without a parent, becomes the committed snapshot <paramref name="name"/> stacked on
    /// <paramref name="parent"/> (a committed snapshot, or null). This is how layers are unpacked in
    /// parallel: each is written alone, then they are stacked in order. The caller promises that
    /// <paramref name="key"/> holds only that layer's own changes, written without looking at the
    /// parent (a layer tar applied to an empty directory is such a thing); it suits snapshotters that
    /// keep each layer as its own diff, as overlay does. InvalidArgument when <paramref name="key"/>
    /// has a parent of its own or is not active.
    /// </summary>
    Task CommitOntoAsync(string name, string key, string? parent,
        IReadOnlyDictionary<string, string>? labels = null, CancellationToken cancellationToken = default);

    Task<SnapshotInfo> StatAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The mounts of an active snapshot or a view (a committed snapshot is mounted through either).</summary>
    Task<IReadOnlyList<Mount>> MountsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes a snapshot and its files; refused with a Conflict while it is the parent of another.</summary>
    Task RemoveAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every snapshot, ordered by name.</summary>
    Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>What the snapshot's own layer holds (not its parents').</summary>
    Task<SnapshotUsage> UsageAsync(string key, CancellationToken cancellationToken = default);
}

public enum SnapshotKind
{
    /// <summary>Writable; can be committed.</summary>
    Active,

    /// <summary>Read-only, of a committed parent; cannot be committed.</summary>
    View,

    /// <summary>Immutable; can be a parent.</summary>
    Committed,
}

/// <summary>A snapshot as <see cref="ISnapshotter.StatAsync"/> reports it. <paramref name="Name"/> is its key.</summary>
public sealed record SnapshotInfo(
    string Name,
    SnapshotKind Kind,
    string? Parent,
    DateTimeOffset Created,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>Bytes (apparent sizes; a hard link counts each time) and inodes (entries, the layer's root included).</summary>
public readonly record struct SnapshotUsage(long Size, long Inodes);
