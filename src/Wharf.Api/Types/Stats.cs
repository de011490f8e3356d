using System.Text.Json.Serialization;

namespace Wharf.Api.Types;

/// <summary>One sample of <c>GET /containers/{id}/stats</c> (snake_case, as Docker writes it).</summary>
public sealed class ContainerStatsResponse
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>RFC3339Nano.</summary>
    [JsonPropertyName("read")]
    public string Read { get; set; } = ApiTime.Zero;

    [JsonPropertyName("preread")]
    public string PreRead { get; set; } = ApiTime.Zero;

    [JsonPropertyName("pids_stats")]
    public PidsStats PidsStats { get; set; } = new();

    [JsonPropertyName("blkio_stats")]
    public BlkioStats BlkioStats { get; set; } = new();

    [JsonPropertyName("num_procs")]
    public uint NumProcs { get; set; }

    [JsonPropertyName("storage_stats")]
    public StorageStats StorageStats { get; set; } = new();

    [JsonPropertyName("cpu_stats")]
    public CpuStats CpuStats { get; set; } = new();

    [JsonPropertyName("precpu_stats")]
    public CpuStats PreCpuStats { get; set; } = new();

    [JsonPropertyName("memory_stats")]
    public MemoryStats MemoryStats { get; set; } = new();

    [JsonPropertyName("networks"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, NetworkStats>? Networks { get; set; }
}

public sealed class PidsStats
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Current { get; set; }

    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Limit { get; set; }
}

public sealed class BlkioStats
{
    [JsonPropertyName("io_service_bytes_recursive")]
    public List<BlkioStatEntry>? IoServiceBytesRecursive { get; set; }

    [JsonPropertyName("io_serviced_recursive")]
    public List<BlkioStatEntry>? IoServicedRecursive { get; set; }

    [JsonPropertyName("io_queue_recursive")]
    public List<BlkioStatEntry>? IoQueueRecursive { get; set; }

    [JsonPropertyName("io_service_time_recursive")]
    public List<BlkioStatEntry>? IoServiceTimeRecursive { get; set; }

    [JsonPropertyName("io_wait_time_recursive")]
    public List<BlkioStatEntry>? IoWaitTimeRecursive { get; set; }

    [JsonPropertyName("io_merged_recursive")]
    public List<BlkioStatEntry>? IoMergedRecursive { get; set; }

    [JsonPropertyName("io_time_recursive")]
    public List<BlkioStatEntry>? IoTimeRecursive { get; set; }

    [JsonPropertyName("sectors_recursive")]
    public List<BlkioStatEntry>? SectorsRecursive { get; set; }
}

public sealed class BlkioStatEntry
{
    [JsonPropertyName("major")]
    public ulong Major { get; set; }

    [JsonPropertyName("minor")]
    public ulong Minor { get; set; }

    [JsonPropertyName("op")]
    public string Op { get; set; } = "";

    [JsonPropertyName("value")]
    public ulong Value { get; set; }
}

public sealed class StorageStats
{
    [JsonPropertyName("read_count_normalized"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? ReadCountNormalized { get; set; }

    [JsonPropertyName("read_size_bytes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? ReadSizeBytes { get; set; }

    [JsonPropertyName("write_count_normalized"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? WriteCountNormalized { get; set; }

    [JsonPropertyName("write_size_bytes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? WriteSizeBytes { get; set; }
}

public sealed class CpuStats
{
    [JsonPropertyName("cpu_usage")]
    public CpuUsage CpuUsage { get; set; } = new();

    [JsonPropertyName("system_cpu_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? SystemCpuUsage { get; set; }

    [JsonPropertyName("online_cpus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public uint? OnlineCpus { get; set; }

    [JsonPropertyName("throttling_data")]
    public ThrottlingData ThrottlingData { get; set; } = new();
}

public sealed class CpuUsage
{
    [JsonPropertyName("total_usage")]
    public ulong TotalUsage { get; set; }

    [JsonPropertyName("percpu_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ulong>? PerCpuUsage { get; set; }

    [JsonPropertyName("usage_in_kernelmode")]
    public ulong UsageInKernelmode { get; set; }

    [JsonPropertyName("usage_in_usermode")]
    public ulong UsageInUsermode { get; set; }
}

public sealed class ThrottlingData
{
    [JsonPropertyName("periods")]
    public ulong Periods { get; set; }

    [JsonPropertyName("throttled_periods")]
    public ulong ThrottledPeriods { get; set; }

    [JsonPropertyName("throttled_time")]
    public ulong ThrottledTime { get; set; }
}

public sealed class MemoryStats
{
    [JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Usage { get; set; }

    [JsonPropertyName("max_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? MaxUsage { get; set; }

    /// <summary>cgroup memory.stat keys → values (the CLI subtracts inactive_file / total_inactive_file).</summary>
    [JsonPropertyName("stats"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, ulong>? Stats { get; set; }

    [JsonPropertyName("failcnt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Failcnt { get; set; }

    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ulong? Limit { get; set; }
}

public sealed class NetworkStats
{
    [JsonPropertyName("rx_bytes")]
    public ulong RxBytes { get; set; }

    [JsonPropertyName("rx_packets")]
    public ulong RxPackets { get; set; }

    [JsonPropertyName("rx_errors")]
    public ulong RxErrors { get; set; }

    [JsonPropertyName("rx_dropped")]
    public ulong RxDropped { get; set; }

    [JsonPropertyName("tx_bytes")]
    public ulong TxBytes { get; set; }

    [JsonPropertyName("tx_packets")]
    public ulong TxPackets { get; set; }

    [JsonPropertyName("tx_errors")]
    public ulong TxErrors { get; set; }

    [JsonPropertyName("tx_dropped")]
    public ulong TxDropped { get; set; }
}
