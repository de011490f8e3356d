using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.V1;

/// <summary>v1 <c>blkio</c>: the proportional weight, <c>blkio.weight</c> (CFQ) or <c>blkio.bfq.weight</c> (BFQ).</summary>
internal static class BlkioController
{
    public static void Apply(string? dir, BlockIoResources blockIO)
    {
        if (blockIO.Weight is not ushort weight || weight == 0)
            return;
        string path = Controller.Require(dir, "blkio", "a block I/O weight");
        string value = CgroupFile.Format((ulong)weight);
        if (CgroupFile.Exists(path, "blkio.weight"))
            CgroupFile.Write(path, "blkio.weight", value);
        else if (CgroupFile.Exists(path, "blkio.bfq.weight"))
            CgroupFile.Write(path, "blkio.bfq.weight", value);
        else
            throw WharfException.Invalid($"cgroup: cannot apply block I/O weight {weight}: {path} has neither blkio.weight nor blkio.bfq.weight (no CFQ/BFQ scheduler)");
    }
}
