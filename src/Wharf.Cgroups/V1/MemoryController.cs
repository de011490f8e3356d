using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.V1;

/// <summary>
/// v1 <c>memory</c>: <c>memory.limit_in_bytes</c>, <c>memory.memsw.limit_in_bytes</c> (memory+swap, the same meaning
/// as OCI's <c>swap</c>), <c>memory.soft_limit_in_bytes</c>, <c>memory.oom_control</c>, <c>memory.swappiness</c>,
/// <c>memory.kmem.tcp.limit_in_bytes</c>. 0 means unset; -1 means unlimited (the v1 files accept -1).
/// </summary>
internal static class MemoryController
{
    public const string Limit = "memory.limit_in_bytes";
    public const string MemSwapLimit = "memory.memsw.limit_in_bytes";
    public const string SoftLimit = "memory.soft_limit_in_bytes";
    public const string OomControl = "memory.oom_control";
    public const string Swappiness = "memory.swappiness";
    public const string KernelTcpLimit = "memory.kmem.tcp.limit_in_bytes";

    /// <summary>v1 reports "no limit" as PAGE_COUNTER_MAX pages: 0x7FFFFFFFFFFFF000 with 4 KiB pages, a little
    /// different with other page sizes. Anything this large is unlimited.</summary>
    public const ulong UnlimitedThreshold = 0x7FFF_FFFF_FFF0_0000;

    public static void Apply(string? dir, MemoryResources memory)
    {
        long limit = memory.Limit ?? 0;
        long swap = memory.Swap ?? 0;
        bool anything = limit != 0 || swap != 0 || (memory.Reservation ?? 0) != 0 || memory.DisableOOMKiller == true
            || memory.Swappiness is not null || (memory.KernelTCP ?? 0) != 0;
        if (!anything)
            return;
        string path = Controller.Require(dir, "memory", "memory limits");

        SetLimitAndSwap(path, limit, swap);
        if (memory.Reservation is long reservation && reservation != 0)
            CgroupFile.Write(path, SoftLimit, CgroupFile.Format(reservation));
        if (memory.DisableOOMKiller == true)
            CgroupFile.Write(path, OomControl, "1");
        if (memory.Swappiness is ulong swappiness)
            CgroupFile.Write(path, Swappiness, CgroupFile.Format(swappiness));
        // memory.kmem.limit_in_bytes (memory.kernel) is deprecated and gone from kernels >= 5.16; ignored as runc does.
        if (memory.KernelTCP is long kernelTcp && kernelTcp != 0)
            CgroupFile.Write(path, KernelTcpLimit, CgroupFile.Format(kernelTcp));
    }

    /// <summary>
    /// The kernel keeps memory.limit_in_bytes &lt;= memory.memsw.limit_in_bytes at every moment, so the order of the
    /// two writes depends on whether the limits grow or shrink (runc's setMemoryAndSwap).
    /// </summary>
    private static void SetLimitAndSwap(string dir, long limit, long swap)
    {
        bool swapAccounting = CgroupFile.Exists(dir, MemSwapLimit);
        if (!swapAccounting)
        {
            // Without swap accounting (memsw files absent: CONFIG_MEMCG_SWAP off or swapaccount=0) memory+swap cannot
            // be limited. Asking for "unlimited" or for exactly the memory limit (no extra swap) needs no file;
            // anything else cannot be honoured.
            if (swap > 0 && swap != limit)
            {
                throw WharfException.Invalid(
                    $"cgroup: cannot set memory+swap limit {swap}: swap accounting is not enabled ({Path.Combine(dir, MemSwapLimit)} does not exist)");
            }
            swap = 0;
        }
        else if (limit == -1 && swap == 0)
        {
            // "Unlimited memory" with swap unset means unlimited memory+swap too.
            swap = -1;
        }

        if (limit != 0 && swap != 0)
        {
            ulong current = CgroupFile.ReadUInt(dir, Limit);
            if (swap == -1 || current < (ulong)swap)
            {
                // Growing: raise memsw first so the new memory limit never exceeds it.
                CgroupFile.Write(dir, MemSwapLimit, CgroupFile.Format(swap));
                CgroupFile.Write(dir, Limit, CgroupFile.Format(limit));
                return;
            }
        }
        if (limit != 0)
            CgroupFile.Write(dir, Limit, CgroupFile.Format(limit));
        if (swap != 0)
            CgroupFile.Write(dir, MemSwapLimit, CgroupFile.Format(swap));
    }

    /// <summary>Memory counters into <paramref name="stats"/>.</summary>
    public static CgroupStats Read(string dir, CgroupStats stats)
    {
        ulong limit = CgroupFile.ReadUInt(dir, Limit);
        return stats with
        {
            MemoryUsage = CgroupFile.ReadUInt(dir, "memory.usage_in_bytes"),
            MemoryMaxUsage = CgroupFile.ReadUInt(dir, "memory.max_usage_in_bytes"),
            MemoryLimit = limit == 0 || limit >= UnlimitedThreshold ? null : limit,
            MemoryFailCount = CgroupFile.ReadUInt(dir, "memory.failcnt"),
            // oom_kill appeared in memory.oom_control with Linux 4.13.
            OomKills = CgroupFile.ReadKeyed(dir, OomControl).GetValueOrDefault("oom_kill"),
        };
    }
}
