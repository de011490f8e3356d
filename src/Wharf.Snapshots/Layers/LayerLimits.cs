namespace Wharf.Snapshots.Layers;

/// <summary>
/// Bounds on what a layer may ask for, so a hostile tar cannot exhaust memory or time: the PAX and
/// GNU headers are read into memory whole, every name is checked against the kernel's limits first.
/// </summary>
public sealed record LayerLimits
{
    public static LayerLimits Default { get; } = new();

    /// <summary>Entries in one layer; the largest real images have a few hundred thousand.</summary>
    public int MaxEntries { get; init; } = 2_000_000;

    /// <summary>A PAX extended header or GNU long name/link block (Go's archive/tar also stops at 1 MiB).</summary>
    public int MaxHeaderBytes { get; init; } = 1 << 20;

    /// <summary>An entry's name or hard-link target: PATH_MAX.</summary>
    public int MaxPathBytes { get; init; } = 4096;

    /// <summary>One extended attribute's value: XATTR_SIZE_MAX.</summary>
    public int MaxXattrValueBytes { get; init; } = 65536;
}
