using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.V1;

/// <summary>
/// v1 <c>blkio</c> (runc's fs/blkio.go): the proportional weight, <c>blkio.weight</c> (CFQ) or
/// <c>blkio.bfq.weight</c> (BFQ), per-device weights, and the throttles
/// <c>blkio.throttle.{read,write}_{bps,iops}_device</c> ("MAJOR:MINOR RATE", one device per write).
/// </summary>
internal static class BlkioController
{
    public static void Apply(string? dir, BlockIoResources blockIO)
    {
        if (blockIO.Weight is ushort weight && weight != 0)
        {
            string path = Controller.Require(dir, "blkio", "a block I/O weight");
            string value = CgroupFile.Format((ulong)weight);
            if (CgroupFile.Exists(path, "blkio.weight"))
                CgroupFile.Write(path, "blkio.weight", value);
            else if (CgroupFile.Exists(path, "blkio.bfq.weight"))
                CgroupFile.Write(path, "blkio.bfq.weight", value);
            else
                throw WharfException.Invalid($"cgroup: cannot apply block I/O weight {weight}: {path} has neither blkio.weight nor blkio.bfq.weight (no CFQ/BFQ scheduler)");
        }
        foreach (WeightDeviceSpec device in blockIO.WeightDevice ?? [])
        {
            if (device.Weight is not ushort deviceWeight || deviceWeight == 0) continue;
            string path = Controller.Require(dir, "blkio", "a block I/O device weight");
            string file = CgroupFile.Exists(path, "blkio.weight_device") ? "blkio.weight_device" : "blkio.bfq.weight_device";
            CgroupFile.Write(path, file, $"{device.Major}:{device.Minor} {CgroupFile.Format((ulong)deviceWeight)}");
        }
        Throttle(dir, "blkio.throttle.read_bps_device", blockIO.ThrottleReadBpsDevice);
        Throttle(dir, "blkio.throttle.write_bps_device", blockIO.ThrottleWriteBpsDevice);
        Throttle(dir, "blkio.throttle.read_iops_device", blockIO.ThrottleReadIOPSDevice);
        Throttle(dir, "blkio.throttle.write_iops_device", blockIO.ThrottleWriteIOPSDevice);
    }

    private static void Throttle(string? dir, string file, List<ThrottleDeviceSpec>? devices)
    {
        foreach (ThrottleDeviceSpec device in devices ?? [])
        {
            string path = Controller.Require(dir, "blkio", "a block I/O limit");
            CgroupFile.Write(path, file, $"{device.Major}:{device.Minor} {CgroupFile.Format(device.Rate)}");
        }
    }
}
