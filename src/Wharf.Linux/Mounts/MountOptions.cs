using static Wharf.Linux.Interop.Libc;

namespace Wharf.Linux.Mounts;

/// <summary>
/// A mount's option list split the way mount(2) wants it: flags to set, propagation changes to
/// apply afterwards, and the rest as the filesystem's data string. runc's table, shared by the
/// runtime's config.json mounts and the snapshotter's mounts.
/// </summary>
public sealed record MountOptions(ulong Flags, IReadOnlyList<ulong> Propagation, string Data)
{
    public bool IsBind => (Flags & MS_BIND) != 0;

    /// <summary>Flags that need a remount to take effect on a bind mount.</summary>
    public ulong RemountFlags => Flags & ~(MS_BIND | MS_REC | MS_REMOUNT);

    private static readonly Dictionary<string, (bool Clear, ulong Flag)> FlagTable = new()
    {
        ["acl"] = (false, 1 << 16),
        ["async"] = (true, MS_SYNCHRONOUS),
        ["atime"] = (true, MS_NOATIME),
        ["bind"] = (false, MS_BIND),
        ["defaults"] = (false, 0),
        ["dev"] = (true, MS_NODEV),
        ["diratime"] = (true, MS_NODIRATIME),
        ["dirsync"] = (false, MS_DIRSYNC),
        ["exec"] = (true, MS_NOEXEC),
        ["iversion"] = (false, 1 << 23),
        ["lazytime"] = (false, MS_LAZYTIME),
        ["loud"] = (true, MS_SILENT),
        ["mand"] = (false, MS_MANDLOCK),
        ["noacl"] = (true, 1 << 16),
        ["noatime"] = (false, MS_NOATIME),
        ["nodev"] = (false, MS_NODEV),
        ["nodiratime"] = (false, MS_NODIRATIME),
        ["noexec"] = (false, MS_NOEXEC),
        ["noiversion"] = (true, 1 << 23),
        ["nolazytime"] = (true, MS_LAZYTIME),
        ["nomand"] = (true, MS_MANDLOCK),
        ["norelatime"] = (true, MS_RELATIME),
        ["nostrictatime"] = (true, MS_STRICTATIME),
        ["nosuid"] = (false, MS_NOSUID),
        ["nosymfollow"] = (false, MS_NOSYMFOLLOW),
        ["rbind"] = (false, MS_BIND | MS_REC),
        ["relatime"] = (false, MS_RELATIME),
        ["remount"] = (false, MS_REMOUNT),
        ["ro"] = (false, MS_RDONLY),
        ["rw"] = (true, MS_RDONLY),
        ["silent"] = (false, MS_SILENT),
        ["strictatime"] = (false, MS_STRICTATIME),
        ["suid"] = (true, MS_NOSUID),
        ["sync"] = (false, MS_SYNCHRONOUS),
    };

    private static readonly Dictionary<string, ulong> PropagationTable = new()
    {
        ["private"] = MS_PRIVATE,
        ["shared"] = MS_SHARED,
        ["slave"] = MS_SLAVE,
        ["unbindable"] = MS_UNBINDABLE,
        ["rprivate"] = MS_PRIVATE | MS_REC,
        ["rshared"] = MS_SHARED | MS_REC,
        ["rslave"] = MS_SLAVE | MS_REC,
        ["runbindable"] = MS_UNBINDABLE | MS_REC,
    };

    public static MountOptions Parse(IEnumerable<string>? options)
    {
        ulong flags = 0;
        var propagation = new List<ulong>();
        var data = new List<string>();
        foreach (string option in options ?? [])
        {
            if (FlagTable.TryGetValue(option, out var entry))
                flags = entry.Clear ? flags & ~entry.Flag : flags | entry.Flag;
            else if (PropagationTable.TryGetValue(option, out ulong p))
                propagation.Add(p);
            else if (option is "tmpcopyup")
                continue; // runc extension for tmpfs: nothing to copy up in a fresh rootfs mount
            else
                data.Add(option);
        }
        return new MountOptions(flags, propagation, string.Join(',', data));
    }

    /// <summary>A propagation name (private, rslave, ...) as its flags.</summary>
    public static bool TryParsePropagation(string name, out ulong flags) => PropagationTable.TryGetValue(name, out flags);
}
