namespace Wharf.Snapshots.Layers.Apply;

/// <summary>How tar entries are read: as an image layer's (whiteouts), or as files copied in (docker cp).</summary>
internal sealed record ExtractionRules
{
    /// <summary>An OCI layer: `.wh.` entries are whiteouts, owners as the archive says.</summary>
    public static ExtractionRules Layer { get; } = new();

    /// <summary>Whether `.wh.NAME` entries delete NAME (layers) or are plain files (a copy).</summary>
    public bool Whiteouts { get; init; } = true;

    /// <summary>Every entry's owner, instead of the archive's (docker cp -a: the container's user).</summary>
    public (uint Uid, uint Gid)? Owner { get; init; }
}
