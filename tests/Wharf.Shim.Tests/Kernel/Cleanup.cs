namespace Wharf.Shim.Tests.Kernel;

/// <summary>Removes what a test's containers left on the host (mounts, cgroups, processes).</summary>
internal static class Cleanup
{
    public static void RemoveRun(string dir, string cgroupParent)
    {
        foreach (string mount in HostLeftovers.MountsUnder(dir).OrderByDescending(m => m.Length)) Shell.TryRun("/bin/umount", "-l", mount);
        foreach (string cgroup in HostLeftovers.CgroupDirs(cgroupParent, descendants: true).OrderByDescending(c => c.Length))
            HostLeftovers.KillAndRemoveCgroup(cgroup);
        if (HostLeftovers.MountsUnder(dir).Count == 0)
            try { Directory.Delete(dir, recursive: true); } catch (Exception) { }
    }
}
