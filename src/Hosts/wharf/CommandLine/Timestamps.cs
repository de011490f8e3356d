using System.Globalization;

namespace Wharf.Cli.CommandLine;

/// <summary>
/// docker's timetypes.GetTimestamp: what --since/--until accept (a Go duration before now, an
/// RFC3339 date or time, local when it names no zone, or unix seconds) turned into the
/// "seconds.nanoseconds" the daemon reads.
/// </summary>
internal static class Timestamps
{
    private static readonly string[] LocalFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH", "yyyy-MM-dd",
    ];

    private static readonly string[] ZonedFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HHK", "yyyy-MM-ddK",
    ];

    public static string ForDaemon(string value, DateTimeOffset now)
    {
        if (value != "0")
        {
            try
            {
                TimeSpan ago = GoParse.Duration(value);
                return (now - ago).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
            }
        }
        bool local = value.IndexOfAny(['z', 'Z', '+']) < 0 && value.Count(c => c == '-') != 3;
        string text = value.Replace('z', 'Z');
        DateTimeOffset time = default;
        bool parsed;
        if (local)
        {
            parsed = DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out DateTime localTime);
            if (parsed) time = new DateTimeOffset(localTime);
        }
        else
        {
            parsed = DateTimeOffset.TryParseExact(text, ZonedFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
        }
        if (parsed)
        {
            long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
            long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rest);
            if (rest < 0)
            {
                seconds--;
                rest += TimeSpan.TicksPerSecond;
            }
            return $"{seconds}.{rest * 100:D9}";
        }
        if (value.Contains('-')) throw new FormatException($"parsing time \"{value}\": cannot parse as a time");
        if (!IsUnixTimestamp(value)) throw new FormatException($"failed to parse value as time or duration: \"{value}\"");
        return value;
    }

    private static bool IsUnixTimestamp(string value)
    {
        string[] parts = value.Split('.', 2);
        return long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            && (parts.Length == 1 || long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _));
    }
}
