namespace Wharf.Snapshots.Layers;

/// <summary>
/// The two ways a layer deletes: OCI's whiteout files in the tar, overlayfs's markers on disk.
/// `.wh.NAME` is a 0/0 character device NAME; `.wh..wh..opq` in DIR is trusted.overlay.opaque=y on DIR.
/// </summary>
internal static class Whiteout
{
    public const string Prefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";

    /// <summary>aufs metadata such as .wh..wh.plnk; Docker skips these too.</summary>
    public const string MetaPrefix = ".wh..wh.";

    public const string OverlayXattrPrefix = "trusted.overlay.";
    public const string OpaqueXattr = "trusted.overlay.opaque";

    public static bool IsOverlayXattr(string name) => name.StartsWith(OverlayXattrPrefix, StringComparison.Ordinal);
}
