using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Layers.Apply;

/// <summary>OCI whiteouts become overlayfs's, as containerd's OverlayConvertWhiteout makes them.</summary>
internal sealed partial class LayerExtraction
{
    private void ApplyWhiteout(TarEntry entry, string[] path)
    {
        string marker = path[^1];
        var parentPath = path.AsSpan(0, path.Length - 1);
        if (marker == Whiteout.OpaqueMarker)
        {
            Libc.SetXattr(target.Directory(parentPath, entry.Name), Whiteout.OpaqueXattr, "y"u8);
            return;
        }
        if (marker.StartsWith(Whiteout.MetaPrefix, StringComparison.Ordinal)) return;

        string hidden = marker[Whiteout.Prefix.Length..];
        if (hidden is "" or "." or "..") throw LayerError.Entry(entry.Name, "whiteout does not name a file in its directory");
        int parent = target.Directory(parentPath, entry.Name);
        target.Clear(parent, [.. parentPath, hidden], keepDirectory: false);
        Libc.Check(Libc.Mknodat(parent, hidden, Libc.S_IFCHR, 0), "mknodat", entry.Name);
        Libc.Check(Libc.Fchownat(parent, hidden, entry.Uid, entry.Gid, Libc.AT_SYMLINK_NOFOLLOW), "fchownat", entry.Name);
        Libc.SetTimesAt(parent, hidden, Timespec(entry.ModTime), Timespec(entry.ModTime), Libc.AT_SYMLINK_NOFOLLOW);
    }
}
