using Wharf.Core.Oci;

namespace Wharf.Cgroups.V1;

/// <summary>
/// v1 <c>cpuset</c>. A new v1 cpuset cgroup starts with empty <c>cpuset.cpus</c> and <c>cpuset.mems</c>, and the
/// kernel refuses to attach a process to it (ENOSPC) until both are set, so <see cref="Populate"/> copies them
/// down from the parent at every level that was left empty, as runc does.
/// </summary>
internal static class CpusetController
{
    public const string Cpus = "cpuset.cpus";
    public const string Mems = "cpuset.mems";

    /// <summary>Fills empty cpus/mems from the parent, for every level from below the mount point down to
    /// <paramref name="dir"/>.</summary>
    public static void Populate(string mountPoint, string dir)
    {
        string root = mountPoint.TrimEnd('/');
        string target = dir.TrimEnd('/');
        if (target.Length <= root.Length || !target.StartsWith(root + "/", StringComparison.Ordinal))
            return;
        string parent = root;
        foreach (string segment in target[(root.Length + 1)..].Split('/'))
        {
            string current = Path.Join(parent, segment);
            CopyIfEmpty(parent, current, Cpus);
            CopyIfEmpty(parent, current, Mems);
            parent = current;
        }
    }

    private static void CopyIfEmpty(string parent, string child, string file)
    {
        if (CgroupFile.TryRead(child, file) is not "")
            return; // already set, or no such file (not a cpuset hierarchy we understand)
        string value = CgroupFile.Read(parent, file);
        if (value.Length > 0)
            CgroupFile.Write(child, file, value);
    }

    public static void Apply(string? dir, CpuResources cpu)
    {
        if (string.IsNullOrEmpty(cpu.Cpus) && string.IsNullOrEmpty(cpu.Mems))
            return;
        string path = Controller.Require(dir, "cpuset", "cpuset cpus or mems");
        if (!string.IsNullOrEmpty(cpu.Cpus))
            CgroupFile.Write(path, Cpus, cpu.Cpus);
        if (!string.IsNullOrEmpty(cpu.Mems))
            CgroupFile.Write(path, Mems, cpu.Mems);
    }
}
