using System.Text;
using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;
using Wharf.Cli.Formatting.Rows;

namespace Wharf.Cli.Commands;

/// <summary>
/// `wharf stats` and `wharf container stats`: docker's RunStats. One collector per container
/// reads the daemon's stats stream; every 500 ms the table is drawn again from the top of the
/// screen (or once, with --no-stream). Without names it follows the running containers (all with
/// -a) through the daemon's events.
/// </summary>
internal static class StatsCommand
{
    /// <summary>A collector that hears nothing for this long shows "--" (docker's "timeout waiting for stats").</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(2);

    public static CommandSpec Create() => new("stats [OPTIONS] [CONTAINER...]", "Display a live stream of container(s) resource usage statistics")
    {
        Args = ArgsRule.Any,
        AliasesLine = $"{CommandTree.BinaryName} container stats, {CommandTree.BinaryName} stats",
        Setup = flags =>
        {
            BoolFlag all = flags.Bool("all", 'a', "Show all containers (default shows just running)");
            BoolFlag noStream = flags.Bool("no-stream", null, "Disable streaming stats and only pull the first result");
            BoolFlag noTrunc = flags.Bool("no-trunc", null, "Do not truncate output");
            StringFlag format = flags.String("format", null, FormatHelp.Table);
            return (cli, args, ct) => RunAsync(cli, args, all.Value, !noStream.Value, !noTrunc.Value, format.Value, ct);
        },
    };

    private static async Task<int> RunAsync(Invocation cli, IReadOnlyList<string> names, bool all, bool stream, bool trunc, string format, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var board = new Board(cli, stream, stop.Token);
        bool showAll = names.Count == 0;
        Task? watcher = null;
        if (showAll)
        {
            // Subscribe before listing, so a container started in between is not missed.
            watcher = await board.WatchEventsAsync(all).ConfigureAwait(false);
            var query = new Query().Flag("all", all);
            List<ContainerSummary> containers = await cli.Daemon.GetAsync("/containers/json", ApiJson.Context.ListContainerSummary, query, ct).ConfigureAwait(false);
            foreach (ContainerSummary c in containers) board.Add(Units.ShortId(c.Id));
            await board.FirstSamplesAsync().ConfigureAwait(false);
        }
        else
        {
            foreach (string name in names) board.Add(name);
            await board.FirstSamplesAsync().ConfigureAwait(false);
            if (board.Errors() is { Length: > 0 } errors)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                throw new CliError(errors);
            }
        }

        string source = format.Length > 0 ? format : cli.Config.StatsFormat.Length > 0 ? cli.Config.StatsFormat : "table";
        OutputFormat output = OutputFormat.Parse(StatsRows.Format(source), StatsRows.DefaultTable);
        try
        {
            using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await ticker.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                IReadOnlyList<StatsEntry> entries = board.Snapshot();
                var table = new StringWriter();
                output.Write(table, entries.Select(e => (object?)StatsRows.Row(e, trunc)), StatsRows.Headers);
                cli.Out.Write(stream ? Redraw(table.ToString()) : table.ToString());
                cli.Out.Flush();
                if (!stream || (entries.Count == 0 && !showAll)) break;
                if (watcher is { IsCompleted: true }) await watcher.ConfigureAwait(false); // the event stream failed
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
        return 0;
    }

    /// <summary>docker's in-place redraw: cursor home, each line followed by erase-to-end-of-line, then erase below.</summary>
    internal static string Redraw(string table)
    {
        var sb = new StringBuilder("\u001b[H");
        foreach (string line in table.Split('\n')) sb.Append(line).Append(" \u001b[K\n");
        return sb.Append("\u001b[J").ToString();
    }

    /// <summary>The containers shown and their latest figures, fed by one collector task each.</summary>
    private sealed class Board(Invocation cli, bool stream, CancellationToken ct)
    {
        private readonly object _gate = new();
        private readonly List<Collector> _collectors = [];

        public void Add(string container)
        {
            lock (_gate)
            {
                if (_collectors.Any(c => c.Container == container)) return;
                var collector = new Collector(container);
                _collectors.Add(collector);
                collector.Task = CollectAsync(collector);
            }
        }

        public void Remove(string container)
        {
            lock (_gate) _collectors.RemoveAll(c => c.Container == container);
        }

        public Task FirstSamplesAsync()
        {
            lock (_gate) return Task.WhenAll(_collectors.Select(c => c.First.Task));
        }

        public string Errors()
        {
            lock (_gate) return string.Join("\n", _collectors.Where(c => c.Error is not null).Select(c => c.Error));
        }

        public IReadOnlyList<StatsEntry> Snapshot()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                return _collectors.Select(c => c.Error is not null || (stream && now - c.Updated > Silence)
                    ? new StatsEntry { Container = c.Container, Name = c.Entry.Name, Id = c.Entry.Id, IsInvalid = true }
                    : c.Entry).ToList();
            }
        }

        private async Task CollectAsync(Collector collector)
        {
            try
            {
                var query = new Query().Add("stream", stream ? "1" : "0");
                using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Get, $"/containers/{DaemonClient.PathPart(collector.Container)}/stats", query, stream: true, cancellationToken: ct).ConfigureAwait(false);
                await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                await foreach (JsonDocument sample in JsonValueStream.ReadAsync(body, "stats", ct).ConfigureAwait(false))
                {
                    using (sample)
                    {
                        ContainerStatsResponse? stats = sample.RootElement.Deserialize(ApiJson.Context.ContainerStatsResponse);
                        if (stats is null) continue;
                        lock (_gate)
                        {
                            collector.Entry = StatsEntry.From(collector.Container, stats);
                            collector.Updated = DateTimeOffset.UtcNow;
                            collector.Error = null;
                        }
                    }
                    collector.First.TrySetResult();
                    if (!stream) break;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is DaemonError or CliError or IOException or HttpRequestException or JsonException)
            {
                lock (_gate) collector.Error = e is DaemonError d ? d.Display : e.Message;
            }
            finally
            {
                collector.First.TrySetResult();
            }
        }

        /// <summary>Follows container events: start (and create with -a) adds a container, die removes it without -a.</summary>
        public async Task<Task> WatchEventsAsync(bool all)
        {
            var query = new Query().Add("filters", new Filters().Add("type", "container").ToJson());
            HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Get, "/events", query, stream: true, cancellationToken: ct).ConfigureAwait(false);
            return FollowAsync(response, all);
        }

        private async Task FollowAsync(HttpResponseMessage response, bool all)
        {
            using (response)
            {
                try
                {
                    await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                    await foreach (JsonDocument message in JsonValueStream.ReadAsync(body, "events", ct).ConfigureAwait(false))
                    {
                        using (message)
                        {
                            JsonElement e = message.RootElement;
                            string action = e.TryGetProperty("Action", out JsonElement a) ? a.GetString() ?? "" : "";
                            string id = e.TryGetProperty("Actor", out JsonElement actor) && actor.TryGetProperty("ID", out JsonElement i) ? i.GetString() ?? "" : "";
                            if (id.Length < 12) continue;
                            if (action == "start" || (all && action == "create")) Add(id[..12]);
                            else if (!all && action == "die") Remove(id[..12]);
                        }
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }
            }
        }
    }

    private sealed class Collector(string container)
    {
        public string Container { get; } = container;
        public StatsEntry Entry { get; set; } = new() { Container = container, IsInvalid = true };
        public DateTimeOffset Updated { get; set; }
        public string? Error { get; set; }
        public TaskCompletionSource First { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task? Task { get; set; }
    }
}
