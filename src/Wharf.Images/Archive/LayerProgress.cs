namespace Wharf.Images.Archive;

/// <summary>
/// How far a load has read one layer of the archive (docker's "Loading layer" line): <see cref="Id"/>
/// is the short digest of the layer's blob, the same for every report on it.
/// </summary>
public readonly record struct LayerProgress(string Id, long Current, long Total)
{
    /// <summary>docker's progress reader speaks up at every hundredth of the size (and at the end), not at every read.</summary>
    public static bool Worth(long current, long lastReported, long total) =>
        current == total || current - lastReported >= Math.Max(1, total / 100);
}
