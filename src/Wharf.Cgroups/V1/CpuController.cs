using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux.Interop;

namespace Wharf.Cgroups.V1;

/// <summary>
/// v1 <c>cpu</c> (<c>cpu.shares</c>, <c>cpu.cfs_period_us</c>, <c>cpu.cfs_quota_us</c>, <c>cpu.rt_*</c>) and the
/// usage counters of <c>cpu</c>/<c>cpuacct</c>, which may be one co-mounted hierarchy or two.
/// </summary>
internal static class CpuController
{
    public const string Shares = "cpu.shares";
    public const string CfsPeriod = "cpu.cfs_period_us";
    public const string CfsQuota = "cpu.cfs_quota_us";
    public const string RtPeriod = "cpu.rt_period_us";
    public const string RtRuntime = "cpu.rt_runtime_us";

    public static void Apply(string? dir, CpuResources cpu)
    {
        ulong shares = cpu.Shares ?? 0;
        ulong period = cpu.Period ?? 0;
        long quota = cpu.Quota ?? 0;
        ulong rtPeriod = cpu.RealtimePeriod ?? 0;
        long rtRuntime = cpu.RealtimeRuntime ?? 0;
        if (shares == 0 && period == 0 && quota == 0 && rtPeriod == 0 && rtRuntime == 0)
            return;
        string path = Controller.Require(dir, "cpu", "cpu shares, quota or period");

        if (shares != 0)
        {
            CgroupFile.Write(path, Shares, CgroupFile.Format(shares));
            // The kernel clamps shares to [2, 262144] silently; say so instead of pretending it took.
            ulong actual = CgroupFile.ReadUInt(path, Shares);
            if (actual != 0 && actual != shares)
            {
                string bound = shares > actual ? "maximum" : "minimum";
                throw WharfException.Invalid($"cgroup: cpu shares {shares} out of range: the {bound} allowed is {actual}");
            }
        }

        bool periodPending = false;
        if (period != 0)
        {
            int errno = CgroupFile.TryWrite(path, CfsPeriod, CgroupFile.Format(period));
            // A smaller period can be refused (EINVAL) because old_quota/new_period would exceed the parent's
            // bandwidth; when a quota is coming too, write the period again after it.
            if (errno == Errno.EINVAL && quota != 0)
                periodPending = true;
            else if (errno != 0)
                throw CgroupFile.WriteError(Path.Combine(path, CfsPeriod), CgroupFile.Format(period), errno);
        }
        if (quota != 0)
        {
            CgroupFile.Write(path, CfsQuota, CgroupFile.Format(quota));
            if (periodPending)
                CgroupFile.Write(path, CfsPeriod, CgroupFile.Format(period));
        }

        // Realtime: the period first, since the runtime must fit within it.
        if (rtPeriod != 0)
            CgroupFile.Write(path, RtPeriod, CgroupFile.Format(rtPeriod));
        if (rtRuntime != 0)
            CgroupFile.Write(path, RtRuntime, CgroupFile.Format(rtRuntime));
    }

    /// <summary>CPU time from <c>cpuacct.usage</c> (ns) and throttling from <c>cpu.stat</c>.</summary>
    public static CgroupStats Read(string? cpuDir, string? cpuacctDir, CgroupStats stats)
    {
        Dictionary<string, ulong> cpuStat = cpuDir is null ? [] : CgroupFile.ReadKeyed(cpuDir, "cpu.stat");
        return stats with
        {
            CpuUsageNanos = cpuacctDir is null ? 0 : CgroupFile.ReadUInt(cpuacctDir, "cpuacct.usage"),
            CpuPeriods = cpuStat.GetValueOrDefault("nr_periods"),
            CpuThrottledPeriods = cpuStat.GetValueOrDefault("nr_throttled"),
            CpuThrottledNanos = cpuStat.GetValueOrDefault("throttled_time"),
        };
    }
}
