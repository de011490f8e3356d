using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.V2;

/// <summary>
/// v2 <c>io</c>: the proportional weight. With the BFQ scheduler <c>io.bfq.weight</c> takes the v1 value [1, 1000]
/// as is; otherwise <c>io.weight</c> [1, 10000] gets it converted as runc does.
/// </summary>
internal static class IoController
{
    public static void Apply(string dir, BlockIoResources blockIO)
    {
        if (blockIO.Weight is not ushort weight || weight == 0)
            return;
        if (CgroupFile.Exists(dir, "io.bfq.weight"))
        {
            CgroupFile.Write(dir, "io.bfq.weight", CgroupFile.Format((ulong)weight));
            return;
        }
        CgroupFile.Write(dir, "io.weight", CgroupFile.Format(BlkioWeightToIoWeight(weight)));
    }

    /// <summary>blkio.weight [10, 1000] to io.weight [1, 10000].</summary>
    public static ulong BlkioWeightToIoWeight(ushort weight)
    {
        if (weight is < 10 or > 1000)
            throw WharfException.Invalid($"cgroup: block I/O weight {weight} out of range [10, 1000]");
        return 1 + ((ulong)weight - 10) * 9999 / 990;
    }
}
