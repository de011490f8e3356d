using System.Text;

namespace Wharf.Linux.Mounts;

/// <summary>
/// The mount points a process sees, read from a mountinfo file (by default /proc/self/mountinfo;
/// a parameter so tests can feed their own): field 5 of each line, with the kernel's octal
/// escapes (\040 for a space...) decoded.
/// </summary>
public static class MountTable
{
    public static IReadOnlyList<string> MountPoints(string mountInfo = Interop.Libc.SelfMountInfo)
    {
        var points = new List<string>();
        foreach (string line in File.ReadLines(mountInfo))
        {
            // id parent major:minor root mount-point options ... - type source super-options
            string[] fields = line.Split(' ');
            if (fields.Length >= 5) points.Add(Unescape(fields[4]));
        }
        return points;
    }

    public static bool IsMountPoint(string path, string mountInfo = Interop.Libc.SelfMountInfo)
    {
        string full = Normalize(path);
        return MountPoints(mountInfo).Contains(full);
    }

    /// <summary>Mount points at or below <paramref name="path"/>, deepest (and latest) first: the order to unmount them.</summary>
    public static IReadOnlyList<string> MountPointsUnder(string path, string mountInfo = Interop.Libc.SelfMountInfo)
    {
        string full = Normalize(path);
        string prefix = full == "/" ? "/" : full + "/";
        return MountPoints(mountInfo)
            .Select((point, order) => (point, order))
            .Where(m => m.point == full || m.point.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(m => m.point.Count(c => c == '/'))
            .ThenByDescending(m => m.order)
            .Select(m => m.point)
            .Distinct()
            .ToList();
    }

    private static string Normalize(string path)
    {
        string full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>The kernel escapes only space, tab, newline and backslash, as \ooo octal.</summary>
    internal static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s.AsSpan(start, 3).IndexOfAnyExceptInRange('0', '7') < 0;
}
