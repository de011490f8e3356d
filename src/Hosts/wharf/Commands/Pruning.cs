using System.Net;
using System.Text;
using System.Text.Json;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Commands;

/// <summary>
/// The prune requests docker's prune commands make (containers, networks, volumes, images, build
/// cache): each returns the space it reclaimed and the lines it prints ("Deleted Containers:"...).
/// </summary>
internal static class Pruning
{
    public readonly record struct Report(long SpaceReclaimed, string Output)
    {
        public static readonly Report None = new(0, "");
    }

    public static Task<Report> ContainersAsync(Invocation cli, Filters filters, CancellationToken ct) =>
        PruneAsync(cli, "/containers/prune", filters, "ContainersDeleted", "Deleted Containers:", ct);

    public static Task<Report> NetworksAsync(Invocation cli, Filters filters, CancellationToken ct) =>
        PruneAsync(cli, "/networks/prune", filters, "NetworksDeleted", "Deleted Networks:", ct, countSpace: false);

    public static Task<Report> VolumesAsync(Invocation cli, Filters filters, CancellationToken ct) =>
        PruneAsync(cli, "/volumes/prune", filters, "VolumesDeleted", "Deleted Volumes:", ct);

    public static async Task<Report> ImagesAsync(Invocation cli, bool all, Filters filters, CancellationToken ct)
    {
        Filters query = filters.Clone().Add("dangling", all ? "false" : "true");
        using JsonDocument? report = await PostAsync(cli, "/images/prune", new Query().AddIfNotEmpty("filters", query.ToJson()), ct).ConfigureAwait(false);
        if (report is null || !report.RootElement.TryGetProperty("ImagesDeleted", out JsonElement deleted) || deleted.ValueKind != JsonValueKind.Array || deleted.GetArrayLength() == 0)
            return Report.None;
        var sb = new StringBuilder("Deleted Images:\n");
        foreach (JsonElement item in deleted.EnumerateArray())
        {
            if (Text(item, "Untagged") is { Length: > 0 } untagged) sb.Append("untagged: ").Append(untagged).Append('\n');
            else sb.Append("deleted: ").Append(Text(item, "Deleted")).Append('\n');
        }
        return new Report(Space(report.RootElement), sb.ToString());
    }

    public static async Task<Report> BuildCacheAsync(Invocation cli, bool all, Filters filters, CancellationToken ct)
    {
        var query = new Query().Flag("all", all).AddIfNotEmpty("filters", filters.ToJson());
        using JsonDocument? report = await PostAsync(cli, "/build/prune", query, ct).ConfigureAwait(false);
        if (report is null) return Report.None;
        string output = Lines(report.RootElement, "CachesDeleted", "Deleted build cache objects:");
        return new Report(Space(report.RootElement), output);
    }

    /// <summary>"Total reclaimed space: 1.2MB" (go-units HumanSize).</summary>
    public static void PrintTotal(Invocation cli, long space) => cli.Out.WriteLine($"Total reclaimed space: {Units.HumanSize(space)}");

    /// <summary>The confirmation of a prune command; "no" ends the command quietly with status 0, as docker's cancelled errors do.</summary>
    public static async Task ConfirmAsync(Invocation cli, string warning, CancellationToken ct)
    {
        if (!await Confirmation.AskAsync(cli, warning, ct).ConfigureAwait(false))
            throw new CliError("", 0);
    }

    private static async Task<Report> PruneAsync(Invocation cli, string path, Filters filters, string listName, string title, CancellationToken ct, bool countSpace = true)
    {
        using JsonDocument? report = await PostAsync(cli, path, new Query().AddIfNotEmpty("filters", filters.ToJson()), ct).ConfigureAwait(false);
        if (report is null) return Report.None;
        string output = Lines(report.RootElement, listName, title);
        return output.Length == 0 ? Report.None : new Report(countSpace ? Space(report.RootElement) : 0, output);
    }

    /// <summary>The daemon's report; null when it has no such prune at all ("page not found": Wharf has no networks or build cache yet).</summary>
    private static async Task<JsonDocument?> PostAsync(Invocation cli, string path, Query query, CancellationToken ct)
    {
        try
        {
            using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Post, path, query, cancellationToken: ct).ConfigureAwait(false);
            await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(body, default, ct).ConfigureAwait(false);
        }
        catch (DaemonError e) when (e.Status == HttpStatusCode.NotFound && e.Message == "page not found")
        {
            return null;
        }
    }

    private static string Lines(JsonElement report, string listName, string title)
    {
        if (!report.TryGetProperty(listName, out JsonElement list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0) return "";
        var sb = new StringBuilder(title).Append('\n');
        foreach (JsonElement id in list.EnumerateArray()) sb.Append(id.GetString()).Append('\n');
        return sb.ToString();
    }

    private static long Space(JsonElement report) =>
        report.TryGetProperty("SpaceReclaimed", out JsonElement space) && space.TryGetInt64(out long value) ? value : 0;

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
