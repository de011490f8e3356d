using System.Globalization;
using Wharf.Api.Types;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Formatting.Rows;

/// <summary>One container's figures, computed from a stats sample as docker's CLI computes them.</summary>
internal sealed record StatsEntry
{
    /// <summary>What the user named (or the short ID when listing all).</summary>
    public string Container { get; init; } = "";
    public string Name { get; init; } = "";
    public string Id { get; init; } = "";
    public double CpuPercentage { get; init; }
    public double Memory { get; init; }
    public double MemoryLimit { get; init; }
    public double MemoryPercentage { get; init; }
    public double NetworkRx { get; init; }
    public double NetworkTx { get; init; }
    public double BlockRead { get; init; }
    public double BlockWrite { get; init; }
    public ulong PidsCurrent { get; init; }

    /// <summary>No sample (yet), or the last one failed: the row shows "--".</summary>
    public bool IsInvalid { get; init; }

    /// <summary>docker's collect(): CPU % from this sample and its precpu, memory without the inactive file cache.</summary>
    public static StatsEntry From(string container, ContainerStatsResponse v)
    {
        double mem = MemoryUsage(v.MemoryStats);
        double limit = v.MemoryStats.Limit ?? 0;
        (double read, double write) = BlockIo(v.BlkioStats);
        double rx = 0, tx = 0;
        foreach (NetworkStats n in v.Networks?.Values ?? Enumerable.Empty<NetworkStats>())
        {
            rx += n.RxBytes;
            tx += n.TxBytes;
        }
        return new StatsEntry
        {
            Container = container,
            Name = v.Name,
            Id = v.Id,
            CpuPercentage = CpuPercent(v),
            Memory = mem,
            MemoryLimit = limit,
            MemoryPercentage = limit != 0 ? mem / limit * 100.0 : 0,
            NetworkRx = rx,
            NetworkTx = tx,
            BlockRead = read,
            BlockWrite = write,
            PidsCurrent = v.PidsStats.Current ?? 0,
        };
    }

    /// <summary>calculateCPUPercentUnix: the container's share of the host's CPU time between the two samples, times the CPUs.</summary>
    public static double CpuPercent(ContainerStatsResponse v)
    {
        double cpuDelta = (double)v.CpuStats.CpuUsage.TotalUsage - v.PreCpuStats.CpuUsage.TotalUsage;
        double systemDelta = (double)(v.CpuStats.SystemCpuUsage ?? 0) - (v.PreCpuStats.SystemCpuUsage ?? 0);
        double online = v.CpuStats.OnlineCpus ?? 0;
        if (online == 0) online = v.CpuStats.CpuUsage.PerCpuUsage?.Count ?? 0;
        return systemDelta > 0 && cpuDelta > 0 ? cpuDelta / systemDelta * online * 100.0 : 0;
    }

    /// <summary>calculateMemUsageUnixNoCache: usage less total_inactive_file (v1) or inactive_file (v2).</summary>
    public static double MemoryUsage(MemoryStats m)
    {
        ulong usage = m.Usage ?? 0;
        Dictionary<string, ulong> stats = m.Stats ?? [];
        if (stats.TryGetValue("total_inactive_file", out ulong v1) && v1 < usage) return usage - v1;
        ulong inactive = stats.TryGetValue("inactive_file", out ulong v2) ? v2 : 0;
        if (inactive < usage) return usage - inactive;
        return usage;
    }

    private static (double Read, double Write) BlockIo(BlkioStats blkio)
    {
        double read = 0, write = 0;
        foreach (BlkioStatEntry entry in blkio.IoServiceBytesRecursive ?? [])
        {
            if (entry.Op.Length == 0) continue;
            switch (entry.Op[0])
            {
                case 'r' or 'R':
                    read += entry.Value;
                    break;
                case 'w' or 'W':
                    write += entry.Value;
                    break;
            }
        }
        return (read, write);
    }
}

/// <summary>`stats` rows: docker/cli's statsContext.</summary>
internal static class StatsRows
{
    public const string DefaultTable = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";
    private const string NoValue = "--";

    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["Container"] = "CONTAINER",
        ["Name"] = "NAME",
        ["ID"] = "CONTAINER ID",
        ["CPUPerc"] = "CPU %",
        ["MemUsage"] = "MEM USAGE / LIMIT",
        ["MemPerc"] = "MEM %",
        ["NetIO"] = "NET I/O",
        ["BlockIO"] = "BLOCK I/O",
        ["PIDs"] = "PIDS",
    };

    public static string Format(string source) => source == "table" ? DefaultTable : source;

    public static TemplateRecord Row(StatsEntry s, bool trunc) =>
        new TemplateRecord("*container.statsContext")
            .Field("BlockIO", () => s.IsInvalid ? NoValue : Units.HumanSize(s.BlockRead, 3) + " / " + Units.HumanSize(s.BlockWrite, 3))
            .Field("CPUPerc", () => s.IsInvalid ? NoValue : Percent(s.CpuPercentage))
            .Field("Container", () => s.Container)
            .Field("ID", () => trunc ? Units.ShortId(s.Id) : s.Id)
            .Field("MemPerc", () => s.IsInvalid ? NoValue : Percent(s.MemoryPercentage))
            .Field("MemUsage", () => s.IsInvalid ? "-- / --" : Units.BytesSize(s.Memory) + " / " + Units.BytesSize(s.MemoryLimit))
            .Field("Name", () => s.Name.Length > 1 ? s.Name[1..] : NoValue)
            .Field("NetIO", () => s.IsInvalid ? NoValue : Units.HumanSize(s.NetworkRx, 3) + " / " + Units.HumanSize(s.NetworkTx, 3))
            .Field("PIDs", () => s.IsInvalid ? NoValue : s.PidsCurrent.ToString(CultureInfo.InvariantCulture));

    /// <summary>strconv.FormatFloat(v, 'f', 2, 64) + "%".</summary>
    public static string Percent(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "%";
}
