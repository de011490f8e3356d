namespace Wharf.Shim.Tests.Kernel;

/// <summary>What a container can leave on the host (mounts, cgroups, processes), and removing it.</summary>
internal static class Cleanup
{
    public static void RemoveRun(string dir, string cgroupParent)
    {
        foreach (string mount in MountsUnder(dir).OrderByDescending(m => m.Length)) Shell.TryRun("/bin/umount", "-l", mount);
        foreach (string cgroup in CgroupDirs(cgroupParent).OrderByDescending(c => c.Length))
            KillAndRemoveCgroup(cgroup);
        if (MountsUnder(dir).Count == 0)
            try { Directory.Delete(dir, recursive: true); } catch (Exception) { }
    }

    public static List<string> MountsUnder(string dir) =>
        MountPoints().Select(m => m.MountPoint)
            .Where(mp => mp == dir || mp.StartsWith(dir.TrimEnd('/') + "/", StringComparison.Ordinal))
            .ToList();

    /// <summary><paramref name="cgroupsPath"/> and the directories below it, under every mounted hierarchy.</summary>
    public static List<string> CgroupDirs(string cgroupsPath) =>
        MountPoints().Where(m => m.FsType is "cgroup" or "cgroup2")
            .Select(m => Path.Join(m.MountPoint, cgroupsPath))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetDirectories(d, "*", SearchOption.AllDirectories).Append(d))
            .Distinct()
            .ToList();

    /// <summary>SIGKILLs what is left in a cgroup, then removes it (best effort, never throws).</summary>
    public static void KillAndRemoveCgroup(string dir)
    {
        for (int attempt = 0; attempt < 40 && Directory.Exists(dir); attempt++)
        {
            try
            {
                foreach (string pid in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")))
                    try { System.Diagnostics.Process.GetProcessById(int.Parse(pid)).Kill(); } catch (Exception) { }
                Directory.Delete(dir);
            }
            catch (Exception)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static IEnumerable<(string MountPoint, string FsType)> MountPoints()
    {
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            string[] fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            if (fields.Length > 4 && dash > 0 && dash + 1 < fields.Length)
                yield return (fields[4].Replace("\\040", " "), fields[dash + 1]);
        }
    }
}
