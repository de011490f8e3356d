using System.Text;

namespace Wharf.Cli.Formatting;

/// <summary>docker/cli's formatter.Ellipsis: cut a string to a display width and end it with "…".</summary>
internal static class DisplayText
{
    /// <summary>
    /// At most <paramref name="maxWidth"/> terminal columns, the last one "…" when cut; wide
    /// characters count two. A width of 1 keeps the first character alone, 0 or less gives "".
    /// </summary>
    public static string Ellipsis(string text, int maxWidth)
    {
        if (maxWidth <= 0 || text.Length == 0) return "";
        Rune[] runes = text.EnumerateRunes().ToArray();
        if (maxWidth == 1) return runes[0].ToString();
        if (TabWriter.DisplayWidth(text) <= maxWidth) return text;
        var sb = new StringBuilder();
        int width = 0;
        foreach (Rune rune in runes)
        {
            int w = TabWriter.DisplayWidth(rune.ToString());
            if (width + w > maxWidth - 1) break;
            sb.Append(rune.ToString());
            width += w;
        }
        return sb.Append('…').ToString();
    }
}
