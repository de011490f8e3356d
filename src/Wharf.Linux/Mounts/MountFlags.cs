using static Wharf.Linux.Interop.Libc;

namespace Wharf.Linux.Mounts;

/// <summary>
/// A <see cref="Mount"/>'s options split the way mount(2) wants them: flags, propagation changes to
/// apply afterwards, and everything else joined as the filesystem's data string.
/// </summary>
internal sealed record MountFlags(ulong Flags, IReadOnlyList<ulong> Propagation, string Data)
{
    private static readonly Dictionary<string, (bool Clear, ulong Flag)> FlagTable = new()
    {
        ["async"] = (true, MS_SYNCHRONOUS),
        ["atime"] = (true, MS_NOATIME),
        ["bind"] = (false, MS_BIND),
        ["defaults"] = (false, 0),
        ["dev"] = (true, MS_NODEV),
        ["diratime"] = (true, MS_NODIRATIME),
        ["dirsync"] = (false, MS_DIRSYNC),
        ["exec"] = (true, MS_NOEXEC),
        ["noatime"] = (false, MS_NOATIME),
        ["nodev"] = (false, MS_NODEV),
        ["nodiratime"] = (false, MS_NODIRATIME),
        ["noexec"] = (false, MS_NOEXEC),
        ["nosuid"] = (false, MS_NOSUID),
        ["rbind"] = (false, MS_BIND | MS_REC),
        ["relatime"] = (false, MS_RELATIME),
        ["ro"] = (false, MS_RDONLY),
        ["rw"] = (true, MS_RDONLY),
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

    public bool IsBind => (Flags & MS_BIND) != 0;

    public static MountFlags Parse(IEnumerable<string> options)
    {
        ulong flags = 0;
        var propagation = new List<ulong>();
        var data = new List<string>();
        foreach (string option in options)
        {
            if (FlagTable.TryGetValue(option, out var entry))
                flags = entry.Clear ? flags & ~entry.Flag : flags | entry.Flag;
            else if (PropagationTable.TryGetValue(option, out ulong p))
                propagation.Add(p);
            else
                data.Add(option);
        }
        return new MountFlags(flags, propagation, string.Join(',', data));
    }
}
