using System.Text;

namespace Wharf.Snapshots.Layers;

/// <summary>
/// Turns an archive name into components under the layer root, lexically (as Go's filepath.Clean):
/// "./" and empty components vanish, a leading "/" is dropped (absolute names are contained, as
/// Docker does), and ".." pops a component; a ".." that would climb above the root is rejected.
/// Symlinks are not resolved here: the directory walk refuses to pass through any.
/// </summary>
internal static class LayerPath
{
    private const int NameMax = 255;

    /// <param name="what">How the error names the path: "entry" or "hard link target".</param>
    public static string[] Clean(string name, string entry, string what, LayerLimits limits)
    {
        if (name.Contains('\0')) throw LayerError.Entry(entry, $"{what} contains a NUL byte");
        int bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > limits.MaxPathBytes)
            throw LayerError.Entry(entry, $"{what} is {bytes} bytes long, more than {limits.MaxPathBytes}");
        var components = new List<string>();
        foreach (string part in name.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (components.Count == 0) throw LayerError.Entry(entry, $"{what} escapes the layer root");
                components.RemoveAt(components.Count - 1);
                continue;
            }
            if (Encoding.UTF8.GetByteCount(part) > NameMax)
                throw LayerError.Entry(entry, $"{what} has a component longer than {NameMax} bytes");
            components.Add(part);
        }
        return [.. components];
    }

    public static string Join(ReadOnlySpan<string> components) => string.Join('/', components.ToArray());
}
