using System.Globalization;

namespace Wharf.Cli.Formatting;

/// <summary>Times printed the way Go prints a time.Time in the local zone.</summary>
internal static class GoTime
{
    /// <summary>The local zone; tests pin it.</summary>
    public static TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Local;

    /// <summary>time.Time.String of time.Unix(seconds, 0): "2024-05-01 10:00:00 +0200 CEST".</summary>
    public static string String(long unixSeconds)
    {
        DateTimeOffset local = Local(unixSeconds);
        return local.ToString("yyyy-MM-dd HH:mm:ss ", CultureInfo.InvariantCulture) + Offset(local.Offset, colon: false) + " " + Abbreviation(local);
    }

    /// <summary>time.RFC3339 in the local zone: "2024-05-01T10:00:00+02:00", "Z" for UTC.</summary>
    public static string Rfc3339(long unixSeconds)
    {
        DateTimeOffset local = Local(unixSeconds);
        string zone = local.Offset == TimeSpan.Zero ? "Z" : Offset(local.Offset, colon: true);
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + zone;
    }

    /// <summary>"2006-01-02T15:04:05.000000000Z07:00" (docker events' fixed-width RFC3339Nano).</summary>
    public static string Rfc3339NanoFixed(long unixNanos)
    {
        long seconds = Math.DivRem(unixNanos, 1_000_000_000L, out long nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000L;
        }
        DateTimeOffset local = Local(seconds);
        string zone = local.Offset == TimeSpan.Zero ? "Z" : Offset(local.Offset, colon: true);
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + nanos.ToString("D9", CultureInfo.InvariantCulture) + zone;
    }

    private static DateTimeOffset Local(long unixSeconds) =>
        TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), Zone);

    private static string Offset(TimeSpan offset, bool colon)
    {
        char sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return colon ? $"{sign}{offset.Hours:D2}:{offset.Minutes:D2}" : $"{sign}{offset.Hours:D2}{offset.Minutes:D2}";
    }

    /// <summary>
    /// The zone's abbreviation ("UTC", "CET"/"CEST") as Go reads it from tzdata: the POSIX TZ
    /// string at the end of /etc/localtime; a zone without one prints its numeric offset, as Go does.
    /// </summary>
    private static string Abbreviation(DateTimeOffset local)
    {
        if (Zone.Id is "UTC" or "Etc/UTC" || (Zone == TimeZoneInfo.Utc)) return "UTC";
        if (PosixNames(Zone) is { } names)
            return Zone.IsDaylightSavingTime(local) && names.Daylight is not null ? names.Daylight : names.Standard;
        return Offset(local.Offset, colon: false);
    }

    private static (string Standard, string? Daylight)? PosixNames(TimeZoneInfo zone)
    {
        try
        {
            string path = zone.Id.StartsWith('/') ? zone.Id : Path.Combine("/usr/share/zoneinfo", zone.Id);
            if (ReferenceEquals(zone, TimeZoneInfo.Local) || !File.Exists(path)) path = "/etc/localtime";
            byte[] data = File.ReadAllBytes(path);
            int end = data.Length - 1;
            if (end <= 0 || data[end] != '\n') return null;
            int start = Array.LastIndexOf(data, (byte)'\n', end - 1) + 1;
            string tz = System.Text.Encoding.ASCII.GetString(data, start, end - start);
            string standard = Name(tz, 0, out int next);
            if (standard.Length == 0) return null;
            while (next < tz.Length && (char.IsAsciiDigit(tz[next]) || tz[next] is '+' or '-' or ':')) next++;
            string daylight = Name(tz, next, out _);
            return (standard, daylight.Length > 0 ? daylight : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Name(string tz, int start, out int next)
    {
        if (start < tz.Length && tz[start] == '<')
        {
            int close = tz.IndexOf('>', start);
            next = close < 0 ? tz.Length : close + 1;
            return close < 0 ? "" : tz[(start + 1)..close];
        }
        int i = start;
        while (i < tz.Length && char.IsAsciiLetter(tz[i])) i++;
        next = i;
        return tz[start..i];
    }
}
