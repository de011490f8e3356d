using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.V2;

/// <summary>v2 <c>cpu</c>: <c>cpu.weight</c> (from OCI shares) and <c>cpu.max</c> ("quota period").</summary>
internal static class CpuController
{
    public const string Weight = "cpu.weight";
    public const string Max = "cpu.max";

    public static void Apply(string dir, CpuResources cpu)
    {
        if ((cpu.RealtimePeriod ?? 0) != 0 || (cpu.RealtimeRuntime ?? 0) != 0)
            throw WharfException.Invalid("cgroup: realtime cpu period/runtime cannot be set on cgroup v2");

        ulong weight = SharesToWeight(cpu.Shares ?? 0);
        if (weight != 0)
            CgroupFile.Write(dir, Weight, CgroupFile.Format(weight));

        if (FormatMax(cpu.Quota ?? 0, cpu.Period ?? 0) is string max)
            CgroupFile.Write(dir, Max, max);
    }

    /// <summary>
    /// <c>cpu.max</c> for an OCI quota and period, or null when neither is set. A positive quota is written as is,
    /// anything else as "max"; the period follows when set (otherwise the kernel keeps the current one). As in runc,
    /// a period alone resets the quota to "max".
    /// </summary>
    public static string? FormatMax(long quota, ulong period)
    {
        if (quota == 0 && period == 0)
            return null;
        string value = quota > 0 ? CgroupFile.Format(quota) : "max";
        return period != 0 ? $"{value} {CgroupFile.Format(period)}" : value;
    }

    /// <summary>
    /// v1 cpu.shares [2, 262144] (default 1024) to v2 cpu.weight [1, 10000] (default 100), with the mapping of
    /// current runc (opencontainers/cgroups, runc PR 4785): a quadratic in log2(shares) that maps 2, 1024 and 262144
    /// onto 1, 100 and 10000, so the default stays the default. (runc before 1.3 used the linear
    /// 1 + (shares - 2) * 9999 / 262142, which turned 1024 into 39.) 0 means unset.
    /// </summary>
    public static ulong SharesToWeight(ulong shares)
    {
        if (shares == 0)
            return 0;
        if (shares <= 2)
            return 1;
        if (shares >= 262144)
            return 10000;
        double l = Math.Log2(shares);
        double exponent = (l * l + 125 * l) / 612.0 - 7.0 / 34.0;
        return (ulong)Math.Ceiling(Math.Pow(10, exponent));
    }

    public static CgroupStats Read(string dir, CgroupStats stats)
    {
        Dictionary<string, ulong> cpuStat = CgroupFile.ReadKeyed(dir, "cpu.stat");
        return stats with
        {
            CpuUsageNanos = cpuStat.GetValueOrDefault("usage_usec") * 1000,
            CpuPeriods = cpuStat.GetValueOrDefault("nr_periods"),
            CpuThrottledPeriods = cpuStat.GetValueOrDefault("nr_throttled"),
            CpuThrottledNanos = cpuStat.GetValueOrDefault("throttled_usec") * 1000,
        };
    }
}
