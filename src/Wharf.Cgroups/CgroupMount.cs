using System.Text;

namespace Wharf.Cgroups;

/// <summary>
/// One cgroup filesystem mount from /proc/self/mountinfo.
/// </summary>
/// <param name="MountPoint">Where it is mounted, as mountinfo says (unescaped, without the test root prefix).</param>
/// <param name="Root">The directory of the hierarchy that is mounted there (<c>/</c> normally; a sub-path inside a
/// container that was given a bind mount of its own cgroup).</param>
/// <param name="IsUnified">True for <c>cgroup2</c>.</param>
/// <param name="Controllers">For v1, the controllers this hierarchy carries (<c>cpu</c>, <c>cpuacct</c>, ...) and its
/// name (<c>name=systemd</c>); empty for v2.</param>
internal sealed record CgroupMount(string MountPoint, string Root, bool IsUnified, IReadOnlyList<string> Controllers)
{
    /// <summary>The v1 controllers the kernel knows. Mount options of a cgroup mount that are not one of these (or a
    /// <c>name=</c>) are plain options such as <c>rw</c>, <c>noprefix</c>, <c>clone_children</c>, <c>xattr</c>.</summary>
    public static readonly HashSet<string> V1Controllers = new(StringComparer.Ordinal)
    {
        "cpuset", "cpu", "cpuacct", "io", "blkio", "memory", "devices", "freezer", "net_cls", "perf_event",
        "net_prio", "hugetlb", "pids", "rdma", "misc", "debug",
    };

    /// <summary>The v1 hierarchy's name as /proc/self/cgroup spells it, e.g. <c>cpu,cpuacct</c>; empty for v2.</summary>
    public string Hierarchy => string.Join(',', Controllers);

    /// <summary>A named v1 hierarchy (<c>name=systemd</c>) carries no resource controller.</summary>
    public bool IsNamedOnly => !IsUnified && Controllers.All(c => c.StartsWith("name=", StringComparison.Ordinal));

    /// <summary>Parses the cgroup and cgroup2 mounts out of mountinfo text, in file order.</summary>
    public static List<CgroupMount> Parse(string mountInfo)
    {
        var mounts = new List<CgroupMount>();
        foreach (string line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions
            string[] fields = line.Split(' ');
            int separator = Array.IndexOf(fields, "-", 6);
            if (fields.Length < 6 || separator < 0 || fields.Length < separator + 3)
                continue;
            string fsType = fields[separator + 1];
            string root = Unescape(fields[3]);
            string mountPoint = Unescape(fields[4]);
            if (fsType == "cgroup2")
            {
                mounts.Add(new CgroupMount(mountPoint, root, IsUnified: true, []));
            }
            else if (fsType == "cgroup")
            {
                var controllers = fields[separator + 3]
                    .Split(',')
                    .Where(option => V1Controllers.Contains(option) || option.StartsWith("name=", StringComparison.Ordinal))
                    .ToList();
                if (controllers.Count > 0)
                    mounts.Add(new CgroupMount(mountPoint, root, IsUnified: false, controllers));
            }
        }
        return mounts;
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo octal.</summary>
    internal static string Unescape(string field)
    {
        if (!field.Contains('\\'))
            return field;
        var text = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                text.Append((char)((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
