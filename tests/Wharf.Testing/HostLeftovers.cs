using System.Text.RegularExpressions;

namespace Wharf.Testing;

/// <summary>What a container or a test can leave on the host (mounts, cgroup directories), and removing it.</summary>
public static partial class HostLeftovers
{
    /// <summary>Mount points (from /proc/self/mountinfo) at or below <paramref name="dir"/>.</summary>
    public static List<string> MountsUnder(string dir) =>
        MountPoints().Select(m => m.MountPoint)
            .Where(mp => mp == dir || mp.StartsWith(dir.TrimEnd('/') + "/", StringComparison.Ordinal))
            .ToList();

    /// <summary>
    /// The directories of <paramref name="cgroupsPath"/> under every mounted cgroup hierarchy, and with
    /// <paramref name="descendants"/> the directories below them too (deepest last).
    /// </summary>
    public static List<string> CgroupDirs(string cgroupsPath, bool descendants = false) =>
        MountPoints().Where(m => m.FsType is "cgroup" or "cgroup2")
            .Select(m => Path.Join(m.MountPoint, cgroupsPath))
            .Where(Directory.Exists)
            .SelectMany(d => descendants ? Directory.GetDirectories(d, "*", SearchOption.AllDirectories).Append(d) : [d])
            .Distinct()
            .ToList();

    /// <summary>SIGKILLs what is left in a cgroup directory, then removes it (best effort, never throws).</summary>
    public static void KillAndRemoveCgroup(string dir)
    {
        for (int attempt = 0; attempt < 40 && Directory.Exists(dir); attempt++)
        {
            try
            {
                foreach (string pid in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")))
                    try { System.Diagnostics.Process.GetProcessById(int.Parse(pid)).Kill(); } catch (Exception) { /* gone already */ }
                Directory.Delete(dir);
            }
            catch (Exception)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Every mount point of this mount namespace with its file system type.</summary>
    public static IEnumerable<(string MountPoint, string FsType)> MountPoints()
    {
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            string[] fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            if (fields.Length > 4 && dash > 0 && dash + 1 < fields.Length)
                yield return (Unescape(fields[4]), fields[dash + 1]);
        }
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string s) =>
        !s.Contains('\\') ? s : OctalEscape().Replace(s, m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex OctalEscape();
}
