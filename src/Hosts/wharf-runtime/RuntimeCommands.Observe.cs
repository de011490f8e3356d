using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.RuntimeHost;

internal sealed record StatsEvent(string Type, string Id, StatsData Data);
internal sealed record StatsData(CpuStats Cpu, MemoryStats Memory, PidsStats Pids);
internal sealed record CpuStats(CpuUsage Usage, CpuThrottling Throttling);
internal sealed record CpuUsage(ulong Total);
internal sealed record CpuThrottling(ulong Periods, ulong ThrottledPeriods);
internal sealed record MemoryStats(MemoryEntry Usage, ulong OomKill);
internal sealed record MemoryEntry(ulong Usage, ulong Max, ulong Limit, ulong Failcnt);
internal sealed record PidsStats(ulong Current, ulong Limit);

/// <summary>`ps`, `events --stats` and `update`: runc's verbs for watching and adjusting a live container.</summary>
internal static partial class RuntimeCommands
{
    private static Command PsCommand()
    {
        var format = new Option<string>("--format", "-f") { Description = "table or json", DefaultValueFactory = _ => "table" };
        var command = new Command("ps", "list the processes running inside a container") { Id, format };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            var pids = Invocation.Runtime(r).Processes(r.GetValue(Id)!);
            if (r.GetValue(format) == "json")
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(pids.ToList(), HostJsonContext.Default.ListInt32));
                return 0;
            }
            Console.Out.WriteLine("PID");
            foreach (int pid in pids) Console.Out.WriteLine(pid.ToString(CultureInfo.InvariantCulture));
            return 0;
        }));
        return command;
    }

    private static Command EventsCommand()
    {
        var stats = new Option<bool>("--stats") { Description = "print the container's resource usage once and exit" };
        var command = new Command("events", "resource usage of a container (only --stats is supported)") { Id, stats };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            if (!r.GetValue(stats))
                throw WharfException.Invalid("events: only --stats is supported; the daemon streams events");
            string id = r.GetValue(Id)!;
            var s = Invocation.Runtime(r).Stats(id);
            var data = new StatsData(
                new CpuStats(new CpuUsage(s.CpuUsageNanos), new CpuThrottling(s.CpuPeriods, s.CpuThrottledPeriods)),
                new MemoryStats(new MemoryEntry(s.MemoryUsage, s.MemoryMaxUsage, s.MemoryLimit ?? ulong.MaxValue, s.MemoryFailCount), s.OomKills),
                new PidsStats(s.PidsCurrent, s.PidsLimit ?? 0));
            Console.Out.WriteLine(JsonSerializer.Serialize(new StatsEvent("stats", id, data), HostJsonContext.Default.StatsEvent));
            return 0;
        }));
        return command;
    }

    private static Command UpdateCommand()
    {
        var resources = new Option<string?>("--resources", "-r") { Description = "path to a JSON file of OCI linux.resources, or - for stdin" };
        var memory = new Option<long?>("--memory") { Description = "memory limit in bytes" };
        var memorySwap = new Option<long?>("--memory-swap") { Description = "memory plus swap limit in bytes" };
        var cpuShares = new Option<ulong?>("--cpu-shares") { Description = "CPU shares (relative weight)" };
        var cpuQuota = new Option<long?>("--cpu-quota") { Description = "CPU CFS quota in microseconds" };
        var cpuPeriod = new Option<ulong?>("--cpu-period") { Description = "CPU CFS period in microseconds" };
        var cpusetCpus = new Option<string?>("--cpuset-cpus") { Description = "CPUs to use" };
        var pidsLimit = new Option<long?>("--pids-limit") { Description = "maximum number of processes" };
        var command = new Command("update", "change the resource limits of a running container")
            { Id, resources, memory, memorySwap, cpuShares, cpuQuota, cpuPeriod, cpusetCpus, pidsLimit };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            LinuxResources update = r.GetValue(resources) is { } file ? ReadResources(file) : new LinuxResources();
            if (r.GetValue(memory) is not null || r.GetValue(memorySwap) is not null)
                update = update with { Memory = (update.Memory ?? new()) with { Limit = r.GetValue(memory) ?? update.Memory?.Limit, Swap = r.GetValue(memorySwap) ?? update.Memory?.Swap } };
            if (r.GetValue(cpuShares) is not null || r.GetValue(cpuQuota) is not null || r.GetValue(cpuPeriod) is not null || r.GetValue(cpusetCpus) is not null)
            {
                var cpu = update.Cpu ?? new CpuResources();
                update = update with
                {
                    Cpu = cpu with
                    {
                        Shares = r.GetValue(cpuShares) ?? cpu.Shares,
                        Quota = r.GetValue(cpuQuota) ?? cpu.Quota,
                        Period = r.GetValue(cpuPeriod) ?? cpu.Period,
                        Cpus = r.GetValue(cpusetCpus) ?? cpu.Cpus,
                    },
                };
            }
            if (r.GetValue(pidsLimit) is long pids) update = update with { Pids = new PidsResources { Limit = pids } };
            Invocation.Runtime(r).Update(r.GetValue(Id)!, update);
            return 0;
        }));
        return command;
    }

    private static LinuxResources ReadResources(string file)
    {
        try
        {
            byte[] json = file == "-" ? ReadAll(Console.OpenStandardInput()) : File.ReadAllBytes(file);
            return JsonSerializer.Deserialize(json, OciJsonContext.Default.LinuxResources)
                ?? throw WharfException.Invalid("update: resources are null");
        }
        catch (JsonException e)
        {
            throw WharfException.Invalid($"update: invalid JSON in {file}: {e.Message}", e);
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
