using System.Globalization;
using Wharf.Cgroups;
using Wharf.Containers;
using Wharf.Core;

namespace Wharf.Engine.Containers;

/// <summary>`docker top`'s table: column titles and one row per process.</summary>
public sealed record ProcessTable(IReadOnlyList<string> Titles, IReadOnlyList<IReadOnlyList<string>> Processes);

public sealed partial class ContainerService
{
    private readonly Lazy<CgroupLayout> _cgroups = new(() => CgroupLayout.Detect());

    /// <summary>Where every container's cgroup goes (cgroupfs form): /wharf/&lt;id&gt;.</summary>
    private const string CgroupParent = "/wharf";

    private ICgroup CgroupOf(Container record) => _cgroups.Value.Open(CgroupParent + "/" + record.Id);

    /// <summary>`docker stats`: the container's cgroup counters, now.</summary>
    public CgroupStats Stats(string idOrName)
    {
        var live = Find(idOrName);
        if (live.Record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            throw WharfException.Conflict($"container {live.Id} is not running");
        return CgroupOf(live.Record).Stats();
    }

    /// <summary>
    /// `docker top`: like Docker, runs the host's `ps` with the given arguments (default -ef) and keeps the
    /// rows of the container's processes (found through its cgroup).
    /// </summary>
    public async Task<ProcessTable> TopAsync(string idOrName, string? psArgs, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        if (live.Record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            throw WharfException.Conflict($"Container {live.Id} is not running");
        var pids = CgroupOf(live.Record).Pids().ToHashSet();
        var args = string.IsNullOrWhiteSpace(psArgs) ? ["-ef"] : psArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new System.Diagnostics.ProcessStartInfo("ps") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var ps = System.Diagnostics.Process.Start(start) ?? throw new WharfException(ErrorKind.Internal, "ps did not start");
        string output = await ps.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        string errors = await ps.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await ps.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (ps.ExitCode != 0) throw WharfException.Invalid($"ps: {errors.Trim()}");
        return ProcessTableParser.Parse(output, pids);
    }
}

/// <summary>Reads `ps` output the way moby does: columns split on blanks, the last (CMD) keeps its spaces.</summary>
internal static class ProcessTableParser
{
    public static ProcessTable Parse(string output, IReadOnlySet<int> pids)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) throw WharfException.Invalid("ps printed nothing");
        var titles = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int pidColumn = Array.IndexOf(titles, "PID");
        if (pidColumn < 0) throw WharfException.Invalid("Couldn't find PID field in ps output");
        var rows = new List<IReadOnlyList<string>>();
        foreach (string line in lines.Skip(1))
        {
            var fields = line.Split(' ', titles.Length, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length < titles.Length) continue;
            if (!int.TryParse(fields[pidColumn], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || !pids.Contains(pid)) continue;
            rows.Add(fields);
        }
        return new ProcessTable(titles, rows);
    }
}
