using Wharf.Api;
using Wharf.Cgroups;
using Wharf.Daemon.Http;
using Wharf.Engine.Containers;
using ApiTypes = Wharf.Api.Types;

namespace Wharf.Daemon.Routes;

/// <summary>`docker stats`: the container's cgroup counters in Docker's shape, once or every second.</summary>
internal static class StatsRoute
{
    public static async Task StatsAsync(HttpContext context, ContainerService containers)
    {
        string id = context.Route("id");
        var container = containers.Get(id);
        bool stream = context.Query("stream") is null || context.QueryBool("stream");
        if (context.QueryBool("one-shot")) stream = false;
        ulong systemBefore = SystemCpuNanos();
        var before = containers.Stats(id);
        var readBefore = DateTimeOffset.UtcNow;
        if (!stream)
        {
            await ApiResponse.JsonAsync(context, Shape(container.Id, container.ShortName, before, readBefore, null, systemBefore, 0, default),
                ApiJson.Context.ContainerStatsResponse);
            return;
        }
        await ApiResponse.StartNowAsync(context, ApiResponse.JsonContentType);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        CgroupStats? previous = null;
        ulong previousSystem = 0;
        DateTimeOffset previousRead = default;
        var current = before;
        ulong system = systemBefore;
        var read = readBefore;
        while (true)
        {
            var shaped = Shape(container.Id, container.ShortName, current, read, previous, system, previousSystem, previousRead);
            await context.Response.Body.WriteAsync(ApiJson.Serialize(shaped, ApiJson.Context.ContainerStatsResponse), context.RequestAborted);
            await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (!await timer.WaitForNextTickAsync(context.RequestAborted)) return;
            previous = current;
            previousSystem = system;
            previousRead = read;
            try
            {
                current = containers.Stats(id);
            }
            catch (Wharf.Core.WharfException)
            {
                return; // stopped or removed: the stream ends
            }
            system = SystemCpuNanos();
            read = DateTimeOffset.UtcNow;
        }
    }

    private static ApiTypes.ContainerStatsResponse Shape(string id, string name, CgroupStats now, DateTimeOffset read,
        CgroupStats? before, ulong system, ulong systemBefore, DateTimeOffset readBefore) => new()
    {
        Id = id,
        Name = "/" + name,
        Read = ApiTime.Format(read),
        PreRead = before is null ? ApiTime.Zero : ApiTime.Format(readBefore),
        PidsStats = new ApiTypes.PidsStats { Current = now.PidsCurrent, Limit = now.PidsLimit },
        NumProcs = 0,
        CpuStats = Cpu(now, system),
        PreCpuStats = before is null ? new ApiTypes.CpuStats() : Cpu(before, systemBefore),
        MemoryStats = new ApiTypes.MemoryStats
        {
            Usage = now.MemoryUsage,
            MaxUsage = now.MemoryMaxUsage,
            Failcnt = now.MemoryFailCount,
            Limit = now.MemoryLimit ?? HostMemory(),
            Stats = [],
        },
    };

    private static ApiTypes.CpuStats Cpu(CgroupStats stats, ulong system) => new()
    {
        CpuUsage = new ApiTypes.CpuUsage { TotalUsage = stats.CpuUsageNanos },
        SystemCpuUsage = system,
        OnlineCpus = (uint)Environment.ProcessorCount,
        ThrottlingData = new ApiTypes.ThrottlingData
        {
            Periods = stats.CpuPeriods,
            ThrottledPeriods = stats.CpuThrottledPeriods,
            ThrottledTime = stats.CpuThrottledNanos,
        },
    };

    /// <summary>The host's total CPU time in nanoseconds, from /proc/stat (what Docker's CPU % divides by).</summary>
    private static ulong SystemCpuNanos()
    {
        foreach (string line in File.ReadLines("/proc/stat"))
        {
            if (!line.StartsWith("cpu ", StringComparison.Ordinal)) continue;
            ulong ticks = 0;
            foreach (string field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(7))
                ticks += ulong.Parse(field, System.Globalization.CultureInfo.InvariantCulture);
            return ticks * (1_000_000_000UL / 100); // USER_HZ is 100 on Linux
        }
        return 0;
    }

    private static ulong HostMemory()
    {
        foreach (string line in File.ReadLines("/proc/meminfo"))
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                return ulong.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return 0;
    }
}
