using System.Text;

namespace Wharf.Core;

/// <summary>Names taken from untrusted input (tar entries, archive paths), made fit for a one-line error.</summary>
public static class UntrustedName
{
    private const int MaxShown = 160;

    /// <summary>The name as it can be shown on one line: control characters escaped, long names cut.</summary>
    public static string Show(string name)
    {
        var text = new StringBuilder();
        foreach (char c in name.Length > MaxShown ? name[..MaxShown] : name)
            text.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString());
        if (name.Length > MaxShown) text.Append($"... ({name.Length} characters)");
        return text.ToString();
    }
}
