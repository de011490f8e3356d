using System.Text.Json;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Progress;

/// <summary>
/// One message of a JSON progress stream (pull, push, load, import, build), the fields moby's
/// jsonmessage.JSONMessage has. <see cref="Progress"/> is non-null whenever "progressDetail" is
/// present, even empty — that matters for how the line is drawn.
/// </summary>
internal sealed record JsonMessage
{
    public string Stream { get; init; } = "";
    public string Status { get; init; } = "";
    public string Id { get; init; } = "";
    public string From { get; init; } = "";
    public string ProgressMessage { get; init; } = "";
    public long Time { get; init; }
    public long TimeNano { get; init; }
    public ProgressDetail? Progress { get; init; }
    public (int Code, string Message)? Error { get; init; }
    public JsonElement? Aux { get; init; }

    /// <summary>Reads a message; like Go's decoder, member names match regardless of case.</summary>
    public static JsonMessage Parse(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new JsonException("a progress message must be a JSON object");
        JsonElement? detail = Member(e, "errorDetail");
        JsonElement? progress = Member(e, "progressDetail");
        return new JsonMessage
        {
            Stream = Text(e, "stream"),
            Status = Text(e, "status"),
            Id = Text(e, "id"),
            From = Text(e, "from"),
            ProgressMessage = Text(e, "progress"),
            Time = Number(e, "time"),
            TimeNano = Number(e, "timeNano"),
            Error = detail is { ValueKind: JsonValueKind.Object } d ? ((int)Number(d, "code"), Text(d, "message")) : null,
            Progress = progress is { ValueKind: JsonValueKind.Object } p
                ? new ProgressDetail
                {
                    Current = Number(p, "current"),
                    Total = Number(p, "total"),
                    Start = Number(p, "start"),
                    HideCounts = Member(p, "hidecounts") is { ValueKind: JsonValueKind.True },
                    Units = Text(p, "units"),
                }
                : null,
            Aux = Member(e, "aux") is JsonElement aux ? aux.Clone() : null,
        };
    }

    private static JsonElement? Member(JsonElement obj, string name)
    {
        JsonElement? folded = null;
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null) continue;
            if (property.NameEquals(name)) return property.Value;
            if (folded is null && string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) folded = property.Value;
        }
        return folded;
    }

    private static string Text(JsonElement obj, string name) => Member(obj, name) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : "";

    private static long Number(JsonElement obj, string name) =>
        Member(obj, name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out long l) ? l : 0;
}

/// <summary>moby's JSONProgress: how far one operation is, drawn as a bar on a wide terminal.</summary>
internal sealed record ProgressDetail
{
    public long Current { get; init; }
    public long Total { get; init; }
    public long Start { get; init; }
    public bool HideCounts { get; init; }
    public string Units { get; init; } = "";

    /// <summary>JSONProgress.String: "[=====>    ]  1.2MB/3.4MB 5s"; the bar needs more than 110 columns, the time more than 50.</summary>
    public string Render(int width, DateTimeOffset now)
    {
        if (Current <= 0 && Total <= 0) return "";
        if (Total <= 0)
            return Units.Length == 0 ? Formatting.Units.HumanSize(Current).PadLeft(8) : $"{Current} {Units}";

        int percentage = Math.Min(50, (int)((double)Current / Total * 100) / 2);
        string bar = "";
        if (width > 110)
            bar = "[" + new string('=', percentage) + ">" + new string(' ', Math.Max(0, 50 - percentage)) + "] ";

        string numbers = "";
        if (!HideCounts)
        {
            if (Units.Length == 0)
            {
                string current = Formatting.Units.HumanSize(Current);
                numbers = Current > Total ? current.PadLeft(8) : current.PadLeft(8) + "/" + Formatting.Units.HumanSize(Total);
            }
            else
            {
                numbers = Current > Total ? $"{Current} {Units}" : $"{Current}/{Total} {Units}";
            }
        }

        string timeLeft = "";
        if (width > 50 && Current > 0 && Start > 0 && percentage < 50)
        {
            TimeSpan fromStart = now - DateTimeOffset.FromUnixTimeSeconds(Start);
            double perEntryTicks = fromStart.Ticks / (double)Current;
            var left = TimeSpan.FromTicks((long)((Total - Current) * perEntryTicks));
            left = TimeSpan.FromSeconds(Math.Round(left.TotalSeconds, MidpointRounding.AwayFromZero));
            timeLeft = " " + GoParse.FormatDuration(left);
        }
        return bar + numbers + timeLeft;
    }
}
