namespace Wharf.Cgroups;

/// <summary>
/// A snapshot of a cgroup's counters. Counters a hierarchy does not provide (a controller that is not mounted or
/// enabled, a file the kernel is too old to have) read as 0.
/// </summary>
public sealed record CgroupStats
{
    /// <summary>Current memory usage in bytes (v1 <c>memory.usage_in_bytes</c>, v2 <c>memory.current</c>).</summary>
    public ulong MemoryUsage { get; init; }

    /// <summary>Highest memory usage seen, in bytes (v1 <c>memory.max_usage_in_bytes</c>, v2 <c>memory.peak</c>,
    /// 0 on kernels without it).</summary>
    public ulong MemoryMaxUsage { get; init; }

    /// <summary>The memory limit in bytes; null when unlimited.</summary>
    public ulong? MemoryLimit { get; init; }

    /// <summary>How often usage hit the limit (v1 <c>memory.failcnt</c>, v2 <c>memory.events</c> <c>max</c>).</summary>
    public ulong MemoryFailCount { get; init; }

    /// <summary>Processes killed by the OOM killer in this cgroup (<c>oom_kill</c> in v1 <c>memory.oom_control</c>,
    /// v2 <c>memory.events</c>).</summary>
    public ulong OomKills { get; init; }

    /// <summary>Number of tasks (threads included) in the cgroup (<c>pids.current</c>).</summary>
    public ulong PidsCurrent { get; init; }

    /// <summary>The task limit; null when unlimited (<c>pids.max</c> is <c>max</c>).</summary>
    public ulong? PidsLimit { get; init; }

    /// <summary>CPU time used, in nanoseconds (v1 <c>cpuacct.usage</c>, v2 <c>cpu.stat</c> <c>usage_usec</c> × 1000).</summary>
    public ulong CpuUsageNanos { get; init; }

    /// <summary>CFS enforcement periods elapsed (<c>cpu.stat</c> <c>nr_periods</c>).</summary>
    public ulong CpuPeriods { get; init; }

    /// <summary>Periods in which the cgroup was throttled (<c>cpu.stat</c> <c>nr_throttled</c>).</summary>
    public ulong CpuThrottledPeriods { get; init; }

    /// <summary>Total time throttled, in nanoseconds (v1 <c>throttled_time</c>, v2 <c>throttled_usec</c> × 1000).</summary>
    public ulong CpuThrottledNanos { get; init; }
}
