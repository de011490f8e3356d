using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Containers;

/// <summary>
/// One line of Docker's json-file format: {"log":"...","stream":"stdout","time":"...Z"}, as the
/// shim's <see cref="Wharf.Shim.Logs.JsonLogEntry"/> writes it (or dockerd did). Read on its own
/// terms: the time stays text until parsed into Unix nanoseconds, which DateTimeOffset would round
/// to 100 ns (and `logs -t`/`--since` show and compare all nine digits).
/// </summary>
internal sealed record JsonLogLine
{
    [JsonPropertyName("log")]
    public string? Log { get; init; }

    [JsonPropertyName("stream")]
    public string? Stream { get; init; }

    [JsonPropertyName("time")]
    public string? Time { get; init; }

    /// <summary>The entry a line holds, or null when it is not one (torn, corrupt, unknown stream, bad time).</summary>
    public static LogEntry? Decode(ReadOnlySpan<byte> line)
    {
        JsonLogLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, JsonLogLineContext.Default.JsonLogLine);
        }
        catch (JsonException)
        {
            return null;
        }
        if (parsed is null) return null;
        LogStream stream;
        switch (parsed.Stream)
        {
            case "stdout": stream = LogStream.Stdout; break;
            case "stderr": stream = LogStream.Stderr; break;
            default: return null;
        }
        if (parsed.Time is null || !TryParseTime(parsed.Time, out long nanos)) return null;
        return new LogEntry(stream, nanos, Encoding.UTF8.GetBytes(parsed.Log ?? ""));
    }

    /// <summary>RFC 3339 with up to nine fractional digits ("2026-11-23T11:46:15.123456789Z", or an offset).</summary>
    internal static bool TryParseTime(string text, out long unixNanoseconds)
    {
        unixNanoseconds = 0;
        if (text.Length < 20 || text.Length > 64) return false;
        int dot = text.IndexOf('.');
        int zone = text.IndexOfAny(['Z', 'z', '+', '-'], 19);
        if (zone < 0) return false;
        string whole = text[..(dot > 0 && dot < zone ? dot : zone)];
        string fraction = dot > 0 && dot < zone ? text[(dot + 1)..zone] : "";
        string offset = text[zone..];
        if (fraction.Length > 9 || !fraction.All(char.IsAsciiDigit)) return false;
        if (!DateTimeOffset.TryParseExact(whole + (offset is "Z" or "z" ? "+00:00" : offset), "yyyy-MM-dd'T'HH:mm:sszzz",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var seconds))
            return false;
        long nanos = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
        try
        {
            unixNanoseconds = checked(seconds.ToUnixTimeSeconds() * 1_000_000_000 + nanos);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}

[JsonSerializable(typeof(JsonLogLine))]
internal sealed partial class JsonLogLineContext : JsonSerializerContext;
