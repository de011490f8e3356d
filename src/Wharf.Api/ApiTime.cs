using System.Globalization;

namespace Wharf.Api;

/// <summary>Timestamps as Go writes them: RFC3339Nano in inspect bodies, unix seconds in lists.</summary>
public static class ApiTime
{
    /// <summary>Go's zero time.Time, what Docker reports for "never" (e.g. StartedAt of a created container).</summary>
    public const string Zero = "0001-01-01T00:00:00Z";

    /// <summary>
    /// RFC3339Nano as Go formats it: UTC gets "Z", the fraction has no trailing zeros and no dot
    /// when it is zero ("2024-01-02T03:04:05.1234567Z", "2024-01-02T03:04:05Z").
    /// </summary>
    public static string Format(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        string text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return text.TrimEnd('.') + "Z";
    }

    /// <summary><see cref="Format(DateTimeOffset)"/>, or <see cref="Zero"/> for null.</summary>
    public static string Format(DateTimeOffset? time) => time is { } value ? Format(value) : Zero;

    /// <summary>Unix seconds; 0 for null.</summary>
    public static long Unix(DateTimeOffset? time) => time?.ToUnixTimeSeconds() ?? 0;
}
