using System.Globalization;
using Wharf.Api.Types;

namespace Wharf.Cli.Options;

/// <summary>--ulimit NAME=SOFT[:HARD] (go-units ParseUlimit); a later one for the same name wins.</summary>
internal static class UlimitOption
{
    private static readonly HashSet<string> Names =
        ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"];

    /// <summary>Checks one value at parse time; FormatException with go-units' wording.</summary>
    public static string Check(string value)
    {
        Parse(value);
        return value;
    }

    public static Ulimit Parse(string value)
    {
        int eq = value.IndexOf('=');
        if (eq < 0) throw new FormatException($"invalid ulimit argument: {value}");
        string name = value[..eq];
        if (!Names.Contains(name)) throw new FormatException($"invalid ulimit type: {name}");
        string[] limits = value[(eq + 1)..].Split(':');
        if (limits.Length > 2)
            throw new FormatException($"too many limit value arguments - {value[(eq + 1)..]}, can only have up to two, `soft[:hard]`");
        long soft = ParseInt(limits[0]);
        long hard = limits.Length == 2 ? ParseInt(limits[1]) : soft;
        if (hard != -1 && soft > hard)
            throw new FormatException($"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        return new Ulimit { Name = name, Soft = soft, Hard = hard };
    }

    /// <summary>All given, one per name (the last), sorted by name.</summary>
    public static List<Ulimit>? ToList(IEnumerable<string> values)
    {
        var byName = new SortedDictionary<string, Ulimit>(StringComparer.Ordinal);
        foreach (string value in values)
        {
            Ulimit limit = Parse(value);
            byName[limit.Name] = limit;
        }
        return byName.Count == 0 ? null : [.. byName.Values];
    }

    private static long ParseInt(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n)
            ? n
            : throw new FormatException($"strconv.ParseInt: parsing {CommandLine.GoParse.Quote(text)}: invalid syntax");
}
