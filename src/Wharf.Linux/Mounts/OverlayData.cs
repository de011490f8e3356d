using System.Text;

namespace Wharf.Linux.Mounts;

/// <summary>
/// Keeps overlay's mount data within what mount(2) accepts: the kernel copies at most one page of
/// it. When the absolute lowerdir list is too long, the lower directories are rewritten relative
/// to their longest common parent and the mount is made from there (containerd's trick); with
/// short snapshot ids ("12/fs") a page holds several hundred layers.
/// </summary>
internal static class OverlayData
{
    private const string LowerDir = "lowerdir=";

    /// <summary>The most bytes of data mount(2) reads, including the terminating NUL.</summary>
    public static int Limit => Environment.SystemPageSize;

    /// <summary>
    /// The data to pass, and the directory to mount from when the lowerdirs were made relative
    /// (null: the data fits as it is).
    /// </summary>
    public static (string Data, string? Directory) Fit(string data, string target)
    {
        if (Fits(data)) return (data, null);
        string[] options = data.Split(',');
        int index = Array.FindIndex(options, o => o.StartsWith(LowerDir, StringComparison.Ordinal));
        string[] lowers = index < 0 ? [] : options[index][LowerDir.Length..].Split(':');
        string? common = CommonParent(lowers);
        if (common is null)
            throw TooLong(data, target, lowers.Length);
        options[index] = LowerDir + string.Join(':', lowers.Select(l => l[(common.Length + 1)..]));
        string compact = string.Join(',', options);
        if (!Fits(compact))
            throw TooLong(compact, target, lowers.Length);
        return (compact, common);
    }

    private static bool Fits(string data) => Encoding.UTF8.GetByteCount(data) + 1 <= Limit;

    /// <summary>The deepest directory all paths are strictly below; null for none but "/" or relative paths.</summary>
    internal static string? CommonParent(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0 || paths.Any(p => !p.StartsWith('/') || p.Contains("/../", StringComparison.Ordinal)))
            return null;
        string? common = Path.GetDirectoryName(paths[0].TrimEnd('/'));
        while (common is { Length: > 1 } && !paths.All(p => p.StartsWith(common + "/", StringComparison.Ordinal)))
            common = Path.GetDirectoryName(common);
        return common is { Length: > 1 } ? common : null;
    }

    private static ArgumentException TooLong(string data, string target, int layers) =>
        new($"overlay mount on {target}: mount data is {Encoding.UTF8.GetByteCount(data)} bytes, " +
            $"more than the {Limit - 1} mount(2) accepts, with {layers} lower layers");
}
