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
        if (blockIO.Weight is ushort weight && weight != 0)
        {
            if (CgroupFile.Exists(dir, "io.bfq.weight"))
                CgroupFile.Write(dir, "io.bfq.weight", CgroupFile.Format((ulong)weight));
            else
                CgroupFile.Write(dir, "io.weight", CgroupFile.Format(BlkioWeightToIoWeight(weight)));
        }
        foreach (WeightDeviceSpec device in blockIO.WeightDevice ?? [])
        {
            if (device.Weight is not ushort deviceWeight || deviceWeight == 0) continue;
            // runc: per-device weights need BFQ's file (io.weight takes "default N" or "MAJ:MIN N" in its own range).
            if (CgroupFile.Exists(dir, "io.bfq.weight"))
                CgroupFile.Write(dir, "io.bfq.weight", $"{device.Major}:{device.Minor} {CgroupFile.Format((ulong)deviceWeight)}");
            else
                CgroupFile.Write(dir, "io.weight", $"{device.Major}:{device.Minor} {CgroupFile.Format(BlkioWeightToIoWeight(deviceWeight))}");
        }
        // io.max: one "MAJ:MIN key=value" line per limit (runc's fs2/io.go).
        Max(dir, "rbps", blockIO.ThrottleReadBpsDevice);
        Max(dir, "wbps", blockIO.ThrottleWriteBpsDevice);
        Max(dir, "riops", blockIO.ThrottleReadIOPSDevice);
        Max(dir, "wiops", blockIO.ThrottleWriteIOPSDevice);
    }

    private static void Max(string dir, string key, List<ThrottleDeviceSpec>? devices)
    {
        foreach (ThrottleDeviceSpec device in devices ?? [])
            CgroupFile.Write(dir, "io.max", $"{device.Major}:{device.Minor} {key}={CgroupFile.Format(device.Rate)}");
    }

    /// <summary>blkio.weight [10, 1000] to io.weight [1, 10000].</summary>
    public static ulong BlkioWeightToIoWeight(ushort weight)
    {
        if (weight is < 10 or > 1000)
            throw WharfException.Invalid($"cgroup: block I/O weight {weight} out of range [10, 1000]");
        return 1 + ((ulong)weight - 10) * 9999 / 990;
    }
}
