using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers;

public static partial class ContainerSpecBuilder
{
    /// <summary>Docker's CFS period for --cpus.</summary>
    public const ulong NanoCpusPeriod = 100_000;

    /// <summary>
    /// Docker's resources (getMemoryResources, getCPUResources, getPidsLimit) and device rules.
    /// The values were checked at create (<see cref="HostSettingsCheck"/>).
    /// </summary>
    private static LinuxResources BuildResources(HostSettings host, Func<string, (long Major, long Minor)> deviceNumber)
    {
        return new LinuxResources
        {
            Devices = host.Privileged ? [new DeviceCgroupRule { Allow = true, Access = "rwm" }] : DefaultDeviceRules(),
            Memory = Memory(host),
            Cpu = Cpu(host),
            Pids = host.PidsLimit is { } limit ? new PidsResources { Limit = limit <= 0 ? -1 : limit } : null,
            BlockIO = BlockIO(host, deviceNumber),
        };
    }

    /// <summary>
    /// moby's getBlkioWeightDevices/getBlkioThrottleDevices: each device path is stat'ed for its
    /// numbers (a missing one fails the start as moby's "stat PATH: ..." does).
    /// </summary>
    private static BlockIoResources? BlockIO(HostSettings host, Func<string, (long Major, long Minor)> deviceNumber)
    {
        List<ThrottleDeviceSpec>? Throttles(IReadOnlyList<BlkioThrottleDevice>? devices)
        {
            if (devices is not { Count: > 0 }) return null;
            var specs = new List<ThrottleDeviceSpec>();
            foreach (var device in devices)
            {
                var (major, minor) = deviceNumber(device.Path);
                specs.Add(new ThrottleDeviceSpec { Major = major, Minor = minor, Rate = (ulong)device.Rate });
            }
            return specs;
        }
        List<WeightDeviceSpec>? weights = null;
        foreach (var device in host.BlkioWeightDevice ?? [])
        {
            var (major, minor) = deviceNumber(device.Path);
            (weights ??= []).Add(new WeightDeviceSpec { Major = major, Minor = minor, Weight = (ushort)device.Weight });
        }
        var blockIO = new BlockIoResources
        {
            Weight = host.BlkioWeight > 0 ? (ushort)host.BlkioWeight : null,
            WeightDevice = weights,
            ThrottleReadBpsDevice = Throttles(host.BlkioDeviceReadBps),
            ThrottleWriteBpsDevice = Throttles(host.BlkioDeviceWriteBps),
            ThrottleReadIOPSDevice = Throttles(host.BlkioDeviceReadIOps),
            ThrottleWriteIOPSDevice = Throttles(host.BlkioDeviceWriteIOps),
        };
        return blockIO == new BlockIoResources() ? null : blockIO;
    }

    private static MemoryResources? Memory(HostSettings host)
    {
        var memory = new MemoryResources
        {
            Limit = host.Memory > 0 ? host.Memory : null,
            Reservation = host.MemoryReservation > 0 ? host.MemoryReservation : null,
            Swap = host.MemorySwap > 0 ? host.MemorySwap : null,
        };
        return memory.Limit is null && memory.Reservation is null && memory.Swap is null ? null : memory;
    }

    private static CpuResources? Cpu(HostSettings host)
    {
        if (host.CpuShares < 0) throw WharfException.Invalid($"invalid CPU shares ({host.CpuShares}): value must be a positive integer");
        ulong? period = null;
        long? quota = null;
        if (host.NanoCpus > 0)
        {
            period = NanoCpusPeriod;
            quota = host.NanoCpus * (long)NanoCpusPeriod / 1_000_000_000;
        }
        if (host.CpuPeriod != 0) period = (ulong)host.CpuPeriod;
        if (host.CpuQuota != 0) quota = host.CpuQuota;
        var cpu = new CpuResources
        {
            Shares = host.CpuShares != 0 ? (ulong)host.CpuShares : null,
            Cpus = string.IsNullOrEmpty(host.CpusetCpus) ? null : host.CpusetCpus,
            Period = period,
            Quota = quota,
        };
        return cpu.Shares is null && cpu.Cpus is null && cpu.Period is null && cpu.Quota is null ? null : cpu;
    }

    /// <summary>A block device's numbers, as moby stats it (the error is Go's os.PathError text).</summary>
    internal static (long Major, long Minor) DeviceNumber(string path)
    {
        try
        {
            var stat = Wharf.Linux.Interop.Libc.StatAt(Wharf.Linux.Interop.Libc.AT_FDCWD, path);
            return (stat.RdevMajor, stat.RdevMinor);
        }
        catch (Wharf.Linux.LinuxException e)
        {
            string reason = System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(e.Errno);
            throw WharfException.Invalid($"stat {UntrustedName.Show(path)}: {char.ToLowerInvariant(reason[0])}{reason[1..]}");
        }
    }

    /// <summary>Docker's device rules: deny all, then the standard character devices, and not /dev/fuse.</summary>
    private static List<DeviceCgroupRule> DefaultDeviceRules() =>
    [
        new() { Allow = false, Access = "rwm" },
        Allow(1, 5), Allow(1, 3), Allow(1, 9), Allow(1, 8), Allow(5, 0), Allow(5, 1),
        new() { Allow = false, Type = "c", Major = 10, Minor = 229, Access = "rwm" },
    ];

    private static DeviceCgroupRule Allow(long major, long minor) => new() { Allow = true, Type = "c", Major = major, Minor = minor, Access = "rwm" };
}
