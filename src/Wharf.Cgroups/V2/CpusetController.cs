using Wharf.Core.Oci;

namespace Wharf.Cgroups.V2;

/// <summary>v2 <c>cpuset</c>: <c>cpuset.cpus</c> and <c>cpuset.mems</c>. Unlike v1, empty means "inherit the
/// parent's", so a new cgroup needs nothing copied.</summary>
internal static class CpusetController
{
    public static void Apply(string dir, CpuResources cpu)
    {
        if (!string.IsNullOrEmpty(cpu.Cpus))
            CgroupFile.Write(dir, "cpuset.cpus", cpu.Cpus);
        if (!string.IsNullOrEmpty(cpu.Mems))
            CgroupFile.Write(dir, "cpuset.mems", cpu.Mems);
    }
}
