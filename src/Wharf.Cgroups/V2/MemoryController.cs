using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux.Interop;

namespace Wharf.Cgroups.V2;

/// <summary>
/// v2 <c>memory</c>: <c>memory.max</c>, <c>memory.swap.max</c>, <c>memory.low</c>. Unlike OCI (and v1 memsw), v2
/// limits swap on its own, so OCI's memory+swap becomes <c>swap - limit</c>.
/// </summary>
/// <remarks>
/// v2 has no swappiness and no per-cgroup OOM-killer switch (<c>memory.oom.group</c> is something else), and the
/// kernel memory limits are gone: <c>swappiness</c>, <c>disableOOMKiller</c>, <c>kernel</c> and <c>kernelTCP</c> are
/// ignored, as runc ignores them.
/// </remarks>
internal static class MemoryController
{
    public const string Max = "memory.max";
    public const string SwapMax = "memory.swap.max";
    public const string Low = "memory.low";

    public static void Apply(string dir, MemoryResources memory)
    {
        long limit = memory.Limit ?? 0;
        long swapTotal = memory.Swap ?? 0;
        long swap = ConvertSwap(swapTotal, limit);

        string swapValue = Format(swap);
        if (swapValue.Length == 0 && swap == 0 && swapTotal > 0)
            swapValue = "0"; // memory+swap equal to memory: no swap at all
        // Never write an empty string to memory.swap.max: that would mean 0.
        if (swapValue.Length > 0)
        {
            int errno = CgroupFile.TryWrite(dir, SwapMax, swapValue);
            // Without swap (no memory.swap.max), "unlimited" and "none" need nothing.
            if (errno != 0 && !(errno == Errno.ENOENT && swapValue is "max" or "0"))
                throw CgroupFile.WriteError(Path.Combine(dir, SwapMax), swapValue, errno);
        }
        if (Format(limit) is { Length: > 0 } max)
            CgroupFile.Write(dir, Max, max);
        if (Format(memory.Reservation ?? 0) is { Length: > 0 } low)
            CgroupFile.Write(dir, Low, low);
    }

    /// <summary>OCI memory+swap to v2 swap-only (runc's ConvertMemorySwapToCgroupV2Value). 0 = unset, -1 = max.</summary>
    public static long ConvertSwap(long memorySwap, long memory)
    {
        if (memory == -1 && memorySwap == 0)
            return -1; // unlimited memory with swap unset: unlimited swap too, as on v1
        if (memorySwap is -1 or 0)
            return memorySwap;
        if (memory is 0 or -1)
            throw WharfException.Invalid($"cgroup: cannot set memory+swap limit {memorySwap} without a memory limit");
        if (memory < 0)
            throw WharfException.Invalid($"cgroup: invalid memory limit {memory}");
        if (memorySwap < memory)
            throw WharfException.Invalid($"cgroup: memory+swap limit {memorySwap} is below the memory limit {memory}");
        return memorySwap - memory;
    }

    /// <summary>0 is unset (""), -1 is "max".</summary>
    private static string Format(long value) => value switch
    {
        0 => "",
        -1 => "max",
        _ => CgroupFile.Format(value),
    };

    public static CgroupStats Read(string dir, CgroupStats stats)
    {
        string? max = CgroupFile.TryRead(dir, Max);
        Dictionary<string, ulong> events = CgroupFile.ReadKeyed(dir, "memory.events");
        return stats with
        {
            MemoryUsage = CgroupFile.ReadUInt(dir, "memory.current"),
            MemoryMaxUsage = CgroupFile.ReadUInt(dir, "memory.peak"), // Linux 5.19+
            MemoryLimit = max is null or "max" or "" ? null : CgroupFile.ReadUInt(dir, Max),
            MemoryFailCount = events.GetValueOrDefault("max"),
            OomKills = events.GetValueOrDefault("oom_kill"),
        };
    }
}
