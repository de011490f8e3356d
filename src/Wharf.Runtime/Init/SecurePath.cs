using Wharf.Core;

namespace Wharf.Runtime.Init;

/// <summary>
/// Joins a path inside a root directory the way the container would see it: symlinks are
/// followed relative to that root and ".." stops at it, so the result never leaves the root.
/// </summary>
public static class SecurePath
{
    private const int MaxSymlinks = 255;

    public static string Resolve(string root, string unsafePath)
    {
        root = Path.GetFullPath(root);
        var resolved = new List<string>();
        var pending = new Stack<string>(Split(unsafePath).Reverse());
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            string candidate = Combine(root, resolved, part);
            var info = new FileInfo(candidate);
            if (info.Exists || Directory.Exists(candidate))
            {
                string? target = info.LinkTarget ?? new DirectoryInfo(candidate).LinkTarget;
                if (target is not null)
                {
                    if (++links > MaxSymlinks)
                        throw WharfException.Invalid($"too many symlinks resolving {unsafePath} in {root}");
                    if (target.StartsWith('/')) resolved.Clear();
                    foreach (string t in Split(target).Reverse()) pending.Push(t);
                    continue;
                }
            }
            resolved.Add(part);
        }
        return Combine(root, resolved, null);
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string Combine(string root, List<string> parts, string? last)
    {
        string joined = string.Join('/', parts);
        if (last is not null) joined = joined.Length == 0 ? last : joined + "/" + last;
        return joined.Length == 0 ? root : root.TrimEnd('/') + "/" + joined;
    }
}
