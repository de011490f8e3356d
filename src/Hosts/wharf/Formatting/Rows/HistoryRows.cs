using System.Globalization;
using Wharf.Api.Types;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Formatting.Rows;

/// <summary>`history` rows: docker/cli's historyContext (CREATED BY cut at 45 columns, sizes human or in bytes).</summary>
internal static class HistoryRows
{
    public const string DefaultTable = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    public const string NonHumanTable = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";

    /// <summary>Layers dated before 2000 show "N/A" (images built with a zeroed clock).</summary>
    private const long Epoch = 946684800;

    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["ID"] = "IMAGE",
        ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT",
        ["CreatedBy"] = "CREATED BY",
        ["Size"] = "SIZE",
        ["Comment"] = "COMMENT",
    };

    public static string Format(string source, bool quiet, bool human) =>
        source == "table" ? quiet ? ContainerRows.QuietFormat : human ? DefaultTable : NonHumanTable : source;

    public static TemplateRecord Row(HistoryResponseItem h, bool trunc, bool human, DateTimeOffset now) =>
        new TemplateRecord("*image.historyContext")
            .Field("Comment", () => h.Comment)
            .Field("CreatedAt", () => GoTime.Rfc3339(h.Created))
            .Field("CreatedBy", () =>
            {
                string createdBy = h.CreatedBy.Replace('\t', ' ');
                return trunc ? DisplayText.Ellipsis(createdBy, 45) : createdBy;
            })
            .Field("CreatedSince", () => !human ? GoTime.Rfc3339(h.Created)
                : h.Created <= Epoch ? "N/A"
                : Units.Ago(DateTimeOffset.FromUnixTimeSeconds(h.Created), now))
            .Field("ID", () => trunc ? Units.ShortId(h.Id) : h.Id)
            .Field("Size", () => human ? Units.HumanSize(h.Size, 3) : h.Size.ToString(CultureInfo.InvariantCulture));
}
