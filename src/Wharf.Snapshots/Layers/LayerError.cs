using System.Text;
using Wharf.Core;

namespace Wharf.Snapshots.Layers;

/// <summary>The errors a hostile or broken layer earns: InvalidArgument, one line naming what is wrong.</summary>
internal static class LayerError
{
    private const int MaxShownName = 160;

    public static WharfException Archive(string reason, Exception? inner = null) =>
        WharfException.Invalid($"invalid layer: {reason}", inner);

    public static WharfException Entry(string name, string reason) =>
        WharfException.Invalid($"invalid layer entry \"{Show(name)}\": {reason}");

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
