using Wharf.Linux.Mounts;

namespace Wharf.Snapshots.Overlay;

/// <summary>
/// The mounts that assemble a snapshot (containerd's overlay shapes):
/// active with parents: overlay, lowerdir = parents nearest first, upperdir = fs, workdir = work;
/// active without parent: a writable bind of its fs; a view of one layer: a read-only bind of that
/// layer; a view of several: a lower-only overlay (read-only by nature); a view of nothing: a
/// read-only bind of its own empty fs.
/// </summary>
internal static class OverlayMounts
{
    /// <summary>
    /// The kernel's limit on stacked lower layers (OVL_MAX_STACK). A page of mount data holds about
    /// as many relative "id/fs" paths (see <see cref="MountSet"/>), so this is the layer limit.
    /// </summary>
    public const int MaxLowerLayers = 500;

    /// <summary>
    /// index=off where the kernel knows the option (Docker and containerd do the same): with the
    /// index on, a lower layer shared by several mounts can make a second mount fail with EBUSY.
    /// </summary>
    private static readonly Lazy<bool> IndexOff = new(() => File.Exists("/sys/module/overlay/parameters/index"));

    public static IReadOnlyList<Mount> For(SnapshotLayout layout, SnapshotRecord record, IReadOnlyList<SnapshotRecord> parents)
    {
        string fs = layout.FsOf(record.Id);
        List<string> lowers = parents.Select(p => layout.FsOf(p.Id)).ToList();
        if (record.Kind == SnapshotKind.Active)
        {
            if (lowers.Count == 0)
                return [new Mount("bind", fs, ["rbind", "rw"])];
            return [new Mount("overlay", "overlay", [.. Common(), $"workdir={layout.WorkOf(record.Id)}", $"upperdir={fs}", Lower(lowers)])];
        }
        return lowers.Count switch
        {
            0 => [new Mount("bind", fs, ["rbind", "ro"])],
            1 => [new Mount("bind", lowers[0], ["rbind", "ro"])],
            _ => [new Mount("overlay", "overlay", ["ro", .. Common(), Lower(lowers)])],
        };
    }

    private static IEnumerable<string> Common() => IndexOff.Value ? ["index=off"] : [];

    private static string Lower(IEnumerable<string> lowers) => "lowerdir=" + string.Join(':', lowers);
}
