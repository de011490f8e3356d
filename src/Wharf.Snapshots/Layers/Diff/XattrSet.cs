using Wharf.Core;
using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Layers.Diff;

/// <summary>
/// A node's xattrs for its tar entry, as Docker's archive writer takes them (moby pkg/archive,
/// ReadSecurityXattrToTarHeader): security.capability only, so a commit gives Docker's layer byte
/// for byte. user.*, trusted.*, security.selinux and the rest stay behind. overlayfs's metacopy and
/// redirect xattrs mean the upper directory alone is not the diff: refused.
/// </summary>
internal static class XattrSet
{
    public const string Capability = "security.capability";

    /// <summary>For a node reached by path (never followed at the end).</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Read(string path, string shownPath) =>
        Collect(Libc.LListXattr(path), name => Libc.LGetXattr(path, name), shownPath);

    /// <summary>For an open directory.</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Read(int fd) =>
        Collect(Libc.FListXattr(fd), name => Libc.FGetXattr(fd, name), null);

    private static IReadOnlyList<KeyValuePair<string, byte[]>> Collect(List<string> names, Func<string, byte[]?> get, string? shownPath)
    {
        bool capability = false;
        foreach (string name in names)
        {
            if (name is "trusted.overlay.metacopy" or "trusted.overlay.redirect")
                // The data or the old name lives in a lower layer: the upper dir alone is not the diff.
                throw new WharfException(ErrorKind.Internal, $"{shownPath ?? "a directory"} carries {name}: layer diffs need overlayfs metacopy and redirect_dir off");
            capability |= name == Capability;
        }
        if (!capability || get(Capability) is not { } value) return [];
        return [new(Capability, AsRevision2(value))];
    }

    /// <summary>
    /// A VFS_CAP_REVISION_3 value (which names the root uid of the user namespace it was set in) as
    /// revision 2, as Docker writes it: that root id means nothing outside the namespace the layer was made in.
    /// </summary>
    internal static byte[] AsRevision2(byte[] value)
    {
        const int versionOffset = 3, revision2 = 2, revision3 = 3, revision2Size = 20;
        if (value.Length <= versionOffset || value[versionOffset] != revision3) return value;
        byte[] converted = value[..Math.Min(value.Length, revision2Size)];
        converted[versionOffset] = revision2;
        return converted;
    }
}
