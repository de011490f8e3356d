using System.Text;

namespace Wharf.Cli.Formatting;

/// <summary>
/// Go's json.Indent: re-lays out JSON text without re-encoding it (strings keep the daemon's
/// escapes), one member per line, "key": value, empty objects and arrays kept as {} and [].
/// The input is the daemon's and is assumed valid JSON.
/// </summary>
internal static class JsonIndent
{
    public static string Indent(ReadOnlySpan<byte> json, string indent = "    ")
    {
        var sb = new StringBuilder(json.Length * 2);
        string text = Encoding.UTF8.GetString(json);
        int depth = 0;
        bool needIndent = false; // after an opening bracket: the next value goes on a new line
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r') continue;
            if (needIndent && c is not (']' or '}'))
            {
                needIndent = false;
                depth++;
                NewLine(sb, depth, indent);
            }
            switch (c)
            {
                case '"':
                    int end = i + 1;
                    while (end < text.Length && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
                    sb.Append(text, i, Math.Min(end, text.Length - 1) - i + 1);
                    i = end;
                    break;
                case '{' or '[':
                    sb.Append(c);
                    needIndent = true;
                    break;
                case ',':
                    sb.Append(c);
                    NewLine(sb, depth, indent);
                    break;
                case ':':
                    sb.Append(": ");
                    break;
                case '}' or ']':
                    if (needIndent)
                    {
                        needIndent = false; // empty: {} or []
                    }
                    else
                    {
                        depth--;
                        NewLine(sb, depth, indent);
                    }
                    sb.Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>json.Compact: the same text without insignificant whitespace.</summary>
    public static string Compact(ReadOnlySpan<byte> json)
    {
        string text = Encoding.UTF8.GetString(json);
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is ' ' or '\t' or '\n' or '\r') continue;
            if (c != '"')
            {
                sb.Append(c);
                continue;
            }
            int end = i + 1;
            while (end < text.Length && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
            sb.Append(text, i, Math.Min(end, text.Length - 1) - i + 1);
            i = end;
        }
        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, int depth, string indent)
    {
        sb.Append('\n');
        for (int d = 0; d < depth; d++) sb.Append(indent);
    }
}
