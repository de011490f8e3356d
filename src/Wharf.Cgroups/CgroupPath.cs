using Wharf.Core;

namespace Wharf.Cgroups;

/// <summary>Lexical handling of <c>linux.cgroupsPath</c> values.</summary>
internal static class CgroupPath
{
    /// <summary>
    /// Cleans a cgroups path as if it were rooted at "/": empty and "." segments go, ".." pops a segment but never
    /// climbs above the start, so an untrusted config.json cannot name a directory outside the hierarchy (absolute
    /// paths) or outside the caller's own cgroup (relative paths). Returns "/"-joined segments with a leading "/".
    /// </summary>
    public static string Clean(string path)
    {
        var segments = new List<string>();
        foreach (string segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
                continue;
            if (segment == "..")
            {
                if (segments.Count > 0)
                    segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return "/" + string.Join('/', segments);
    }

    /// <summary>Validates and cleans a cgroupsPath; throws for one that names no cgroup of its own.</summary>
    public static string Validate(string cgroupsPath)
    {
        ArgumentNullException.ThrowIfNull(cgroupsPath);
        string clean = Clean(cgroupsPath);
        if (clean == "/")
            throw WharfException.Invalid($"cgroups path \"{cgroupsPath}\" names the root of the hierarchy or the caller's own cgroup, not a cgroup of its own");
        if (clean.Contains('\0'))
            throw WharfException.Invalid("cgroups path contains a NUL character");
        // "slice:prefix:name" is the systemd driver's form; read as a path it would make odd directories.
        if (!cgroupsPath.StartsWith('/') && cgroupsPath.Count(c => c == ':') == 2)
            throw WharfException.Invalid($"cgroups path \"{cgroupsPath}\" is in the systemd driver's slice:prefix:name form; only cgroupfs paths are supported");
        return clean;
    }

    /// <summary>Appends a "/"-rooted cgroup path to a host directory.</summary>
    public static string Join(string hostDir, string cgroupPath)
    {
        string relative = cgroupPath.Trim('/');
        return relative.Length == 0 ? hostDir : Path.Join(hostDir.TrimEnd('/'), relative);
    }

    /// <summary>
    /// The part of <paramref name="ownPath"/> (a path in the hierarchy, from /proc/self/cgroup) below
    /// <paramref name="mountRoot"/> (the hierarchy directory that is mounted), as a "/"-rooted path. Inside a
    /// container the hierarchy root is often mounted from a sub-path; without a common prefix (cgroup namespaces) the
    /// path is taken as it is.
    /// </summary>
    public static string BelowRoot(string ownPath, string mountRoot)
    {
        string root = Clean(mountRoot);
        string own = Clean(ownPath);
        if (root == "/")
            return own;
        if (own == root)
            return "/";
        return own.StartsWith(root + "/", StringComparison.Ordinal) ? own[root.Length..] : own;
    }
}
