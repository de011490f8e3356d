using System.Globalization;
using System.Text;

namespace Wharf.Cli.CommandLine;

/// <summary>
/// Go's strconv/time parsing as Docker's flags use it, with Go's error texts: users who script
/// around docker's messages get the same ones.
/// </summary>
internal static class GoParse
{
    public static bool Bool(string text) => text switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => throw new FormatException($"strconv.ParseBool: parsing {Quote(text)}: invalid syntax"),
    };

    /// <summary>strconv.ParseInt(text, 0, bits): decimal, 0x, 0o, 0b or leading-0 octal, underscores between digits.</summary>
    public static long Int(string text, int bits = 64)
    {
        bool negative = text.StartsWith('-');
        string digits = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        ulong magnitude = Magnitude(digits, text, "ParseInt");
        ulong limit = 1UL << (bits - 1);
        if (negative ? magnitude > limit : magnitude >= limit)
            throw new FormatException($"strconv.ParseInt: parsing {Quote(text)}: value out of range");
        return negative ? (long)(0 - magnitude) : (long)magnitude;
    }

    public static ulong UInt(string text, int bits = 64)
    {
        ulong value = Magnitude(text, text, "ParseUint");
        if (bits < 64 && value >= 1UL << bits)
            throw new FormatException($"strconv.ParseUint: parsing {Quote(text)}: value out of range");
        return value;
    }

    private static ulong Magnitude(string digits, string original, string function)
    {
        int radix = 10;
        string body = digits;
        if (digits.Length > 1 && digits[0] == '0')
        {
            (radix, body) = char.ToLowerInvariant(digits[1]) switch
            {
                'x' => (16, digits[2..]),
                'o' => (8, digits[2..]),
                'b' => (2, digits[2..]),
                _ => (8, digits[1..]),
            };
        }
        body = body.Replace("_", "", StringComparison.Ordinal);
        if (body.Length == 0) throw Syntax(original, function);
        ulong value = 0;
        foreach (char c in body)
        {
            int d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' ? c - 'a' + 10 : c is >= 'A' and <= 'Z' ? c - 'A' + 10 : 99;
            if (d >= radix) throw Syntax(original, function);
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix)
                throw new FormatException($"strconv.{function}: parsing {Quote(original)}: value out of range");
            value = value * (ulong)radix + (ulong)d;
        }
        return value;
    }

    private static FormatException Syntax(string text, string function) =>
        new($"strconv.{function}: parsing {Quote(text)}: invalid syntax");

    /// <summary>time.ParseDuration: "300ms", "-1.5h", "2h45m"; "0" needs no unit.</summary>
    public static TimeSpan Duration(string text)
    {
        string s = text;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return TimeSpan.Zero;
        if (s.Length == 0) throw new FormatException($"time: invalid duration {Quote(text)}");
        decimal totalNanos = 0;
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start || s[start..i] == ".") throw new FormatException($"time: invalid duration {Quote(text)}");
            decimal number = decimal.Parse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            int unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            string unit = s[unitStart..i];
            if (unit.Length == 0) throw new FormatException($"time: missing unit in duration {Quote(text)}");
            decimal scale = unit switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => throw new FormatException($"time: unknown unit {Quote(unit)} in duration {Quote(text)}"),
            };
            totalNanos += number * scale;
        }
        if (totalNanos > long.MaxValue) throw new FormatException($"time: invalid duration {Quote(text)}");
        long ticks = (long)(totalNanos / 100m);
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }

    /// <summary>Go's Duration.String for whole-second and sub-second values: "1m30s", "1h0m0s", "500ms".</summary>
    public static string FormatDuration(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        var sb = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            sb.Append('-');
            value = value.Negate();
        }
        if (value < TimeSpan.FromSeconds(1))
        {
            double ms = value.TotalMilliseconds;
            return sb.Append(ms >= 1 ? $"{ms.ToString(CultureInfo.InvariantCulture)}ms" : $"{(value.Ticks * 100).ToString(CultureInfo.InvariantCulture)}ns").ToString();
        }
        long hours = (long)value.TotalHours;
        if (hours > 0) sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        if (hours > 0 || value.Minutes > 0) sb.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        double seconds = value.Seconds + value.Ticks % TimeSpan.TicksPerSecond / (double)TimeSpan.TicksPerSecond;
        return sb.Append(seconds.ToString(CultureInfo.InvariantCulture)).Append('s').ToString();
    }

    /// <summary>Go's %q for a string: double quotes, backslash escapes for quotes, backslashes and controls.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '\x7f': sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
