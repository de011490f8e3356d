using System.Globalization;
using Wharf.Cli.CommandLine;

namespace Wharf.Cli.Formatting;

/// <summary>Sizes, durations and IDs printed the way docker prints them (docker/go-units, stringid).</summary>
internal static class Units
{
    private static readonly string[] DecimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    private static readonly string[] BinaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

    /// <summary>go-units HumanSize: decimal units, 4 significant digits ("1.049MB").</summary>
    public static string HumanSize(double size) => HumanSize(size, 4);

    /// <summary>go-units HumanSizeWithPrecision; `docker images` uses 3 digits ("1.23MB").</summary>
    public static string HumanSize(double size, int precision)
    {
        (double value, string unit) = Scale(size, 1000, DecimalUnits);
        return GoFloat.G(value, precision) + unit;
    }

    /// <summary>go-units BytesSize: binary units, 4 significant digits ("3.42GiB").</summary>
    public static string BytesSize(double size)
    {
        (double value, string unit) = Scale(size, 1024, BinaryUnits);
        return GoFloat.G(value, 4) + unit;
    }

    private static (double Value, string Unit) Scale(double size, double step, string[] units)
    {
        int i = 0;
        while (size >= step && i < units.Length - 1)
        {
            size /= step;
            i++;
        }
        return (size, units[i]);
    }

    /// <summary>go-units HumanDuration: "Less than a second", "About a minute", "3 hours", "2 weeks".</summary>
    public static string HumanDuration(TimeSpan d)
    {
        long seconds = (long)d.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return $"{seconds} seconds";
        long minutes = (long)d.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        long hours = (long)(d.TotalHours + 0.5);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return $"{(long)d.TotalHours / 24 / 365} years";
    }

    /// <summary>The CREATED column: "2 hours ago".</summary>
    public static string Ago(DateTimeOffset time, DateTimeOffset now) => HumanDuration(now - time) + " ago";

    /// <summary>docker's stringid.TruncateID: the algorithm prefix dropped, 12 characters kept.</summary>
    public static string ShortId(string id)
    {
        int colon = id.IndexOf(':');
        if (colon >= 0) id = id[(colon + 1)..];
        return id.Length > 12 ? id[..12] : id;
    }

    /// <summary>go-units RAMInBytes: "512m", "1.5g", "100" (bytes); binary multiples, optional b/ib.</summary>
    public static long RamInBytes(string text)
    {
        string number, suffix;
        int space = text.IndexOf(' ');
        if (space >= 0)
        {
            number = text[..space];
            suffix = text[(space + 1)..];
        }
        else
        {
            int last = text.AsSpan().LastIndexOfAny("01234567890.");
            if (last < 0) throw new FormatException($"invalid size: '{text}'");
            number = text[..(last + 1)];
            suffix = text[(last + 1)..];
        }
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out double size))
            throw new FormatException($"strconv.ParseFloat: parsing {GoParse.Quote(number)}: invalid syntax");
        if (size < 0) throw new FormatException($"invalid size: '{text}'");
        if (suffix.Length == 0) return (long)size;
        if (suffix.Length > 3) throw BadSuffix(suffix);
        string lower = suffix.ToLowerInvariant();
        if (lower[0] == 'b')
            return lower.Length > 1 ? throw BadSuffix(lower) : (long)size;
        long multiplier = lower[0] switch
        {
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            't' => 1L << 40,
            'p' => 1L << 50,
            _ => throw BadSuffix(lower),
        };
        if ((lower.Length == 2 && lower[1] != 'b') || (lower.Length == 3 && lower[1..] != "ib"))
            throw BadSuffix(lower);
        return (long)(size * multiplier);
    }

    private static FormatException BadSuffix(string suffix) => new($"invalid suffix: '{suffix}'");
}
