namespace Wharf.RuntimeTests;

/// <summary>What a container can leave on the host: mounts, cgroup directories, state.</summary>
public static class Leftovers
{
    /// <summary>Mount points (from the host's /proc/self/mountinfo) at or below <paramref name="dir"/>.</summary>
    public static List<string> MountsUnder(string dir) =>
        MountPoints().Select(m => m.MountPoint)
            .Where(mp => mp == dir || mp.StartsWith(dir.TrimEnd('/') + "/", StringComparison.Ordinal))
            .ToList();

    /// <summary>Directories for <paramref name="cgroupsPath"/> under every cgroup hierarchy the host has mounted.</summary>
    public static List<string> CgroupDirs(string cgroupsPath) =>
        MountPoints().Where(m => m.FsType is "cgroup" or "cgroup2")
            .Select(m => Path.Join(m.MountPoint, cgroupsPath))
            .Where(Directory.Exists)
            .Distinct()
            .ToList();

    /// <summary>SIGKILLs what is left in a cgroup directory, then removes it (best effort, never throws).</summary>
    public static async Task KillAndRemoveCgroupAsync(string dir)
    {
        for (var attempt = 0; attempt < 20 && Directory.Exists(dir); attempt++)
        {
            try
            {
                foreach (var pid in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")))
                    try { System.Diagnostics.Process.GetProcessById(int.Parse(pid)).Kill(); } catch (Exception) { }
                Directory.Delete(dir);
            }
            catch (Exception)
            {
                await Task.Delay(50);
            }
        }
    }

    public static IEnumerable<(string MountPoint, string FsType)> MountPoints()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (fields.Length > 4 && dash > 0 && dash + 1 < fields.Length)
                yield return (Unescape(fields[4]), fields[dash + 1]);
        }
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    static string Unescape(string s) =>
        !s.Contains('\\') ? s : System.Text.RegularExpressions.Regex.Replace(
            s, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
}
