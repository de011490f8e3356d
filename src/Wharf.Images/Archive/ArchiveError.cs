using System.Text;
using Wharf.Core;

namespace Wharf.Images.Archive;

/// <summary>The errors a broken or hostile archive earns: InvalidArgument, one line naming what is wrong.</summary>
internal static class ArchiveError
{
    private const int MaxShownName = 160;

    public static WharfException Invalid(string reason, Exception? inner = null) =>
        WharfException.Invalid($"invalid image archive: {reason}", inner);

    public static WharfException Entry(string name, string reason) =>
        Invalid($"entry \"{Show(name)}\": {reason}");

    /// <summary>The name as it can be shown on one line: control characters escaped, long names cut.</summary>
    public static string Show(string name)
    {
        var text = new StringBuilder();
        foreach (char c in name.Length > MaxShownName ? name[..MaxShownName] : name)
            text.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString());
        if (name.Length > MaxShownName) text.Append($"... ({name.Length} characters)");
        return text.ToString();
    }
}
