using System.Text;

namespace Wharf.Cli.CommandLine;

/// <summary>
/// The "Options:" block of help, laid out as pflag's FlagUsagesWrapped: flags sorted by name,
/// usage texts in one column, wrapped at the terminal's width.
/// </summary>
internal static class FlagUsages
{
    public static string Format(IEnumerable<Flag> flags, int columns)
    {
        var lines = new List<(string Left, string Usage)>();
        int maxLength = 0;
        foreach (Flag flag in flags.Where(f => !f.Hidden && f.Deprecated is null).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            string left = flag.Shorthand is char c && flag.ShorthandDeprecated is null
                ? $"  -{c}, --{flag.Name}"
                : $"      --{flag.Name}";
            (string varName, string usage) = UnquoteUsage(flag);
            if (varName.Length > 0) left += " " + varName;
            if (flag.ValueWhenBare is string bare && flag.TypeName != "bool")
                left += $"[={bare}]";
            // pflag measures the name column including one separator position.
            maxLength = Math.Max(maxLength, left.Length + 1);
            if ((flag.ShownDefault ?? flag.DefaultText) is string shown) usage += $" (default {shown})";
            lines.Add((left, usage));
        }

        var sb = new StringBuilder();
        foreach ((string left, string usage) in lines)
        {
            // Go's Println(left, spacing, usage): the operands are joined by single spaces.
            sb.Append(left).Append(' ').Append(' ', maxLength - left.Length).Append(' ');
            sb.Append(Wrap(maxLength + 2, columns, usage)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A `name` in back quotes inside the usage names the value; otherwise the type does.</summary>
    private static (string Name, string Usage) UnquoteUsage(Flag flag)
    {
        string usage = flag.Usage;
        int open = usage.IndexOf('`');
        if (open >= 0)
        {
            int close = usage.IndexOf('`', open + 1);
            if (close > open)
            {
                string name = usage[(open + 1)..close];
                return (name, usage[..open] + name + usage[(close + 1)..]);
            }
        }
        string typeName = flag.TypeName switch
        {
            "bool" => "",
            "float64" => "float",
            "int64" => "int",
            "uint64" => "uint",
            "stringSlice" => "strings",
            _ => flag.TypeName,
        };
        return (typeName, usage);
    }

    /// <summary>pflag's wrap: the first line continues the caller's, the rest are indented by <paramref name="indent"/>.</summary>
    public static string Wrap(int indent, int width, string text)
    {
        if (width == 0) return text.Replace("\n", "\n" + new string(' ', indent), StringComparison.Ordinal);
        int room = width - indent;
        string result = "";
        if (room < 24)
        {
            indent = 16;
            room = width - indent;
            result += "\n" + new string(' ', indent);
        }
        if (room < 24) return text.Replace("\n", result, StringComparison.Ordinal);

        const int slop = 5;
        room -= slop;
        string pad = new(' ', indent);
        (string line, text) = WrapN(room, slop, text);
        result += line.Replace("\n", "\n" + pad, StringComparison.Ordinal);
        while (text.Length > 0)
        {
            (line, text) = WrapN(room, slop, text);
            result += "\n" + pad + line.Replace("\n", "\n" + pad, StringComparison.Ordinal);
        }
        return result;
    }

    private static (string Head, string Tail) WrapN(int i, int slop, string s)
    {
        if (i + slop > s.Length) return (s, "");
        int w = s.AsSpan(0, i).LastIndexOfAny(" \t\n");
        if (w <= 0) return (s, "");
        int newline = s.AsSpan(0, i).LastIndexOf('\n');
        if (newline > 0 && newline < w) return (s[..newline], s[(newline + 1)..]);
        return (s[..w], s[(w + 1)..]);
    }
}
