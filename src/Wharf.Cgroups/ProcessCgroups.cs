namespace Wharf.Cgroups;

/// <summary>Parses /proc/&lt;pid&gt;/cgroup: which cgroup a process is in, per hierarchy.</summary>
internal static class ProcessCgroups
{
    /// <summary>
    /// Maps each v1 controller and hierarchy name (<c>memory</c>, <c>cpu</c>, <c>cpuacct</c>, <c>name=systemd</c>) to
    /// the process's cgroup path in it, and the empty string to its v2 path. Lines look like
    /// <c>4:memory:/docker/abc</c>, <c>1:cpu,cpuacct:/</c>, <c>0::/user.slice</c>.
    /// </summary>
    public static Dictionary<string, string> Parse(string text)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(':', 3);
            if (parts.Length != 3)
                continue;
            string path = parts[2];
            const string deleted = " (deleted)";
            if (path.EndsWith(deleted, StringComparison.Ordinal))
                path = path[..^deleted.Length];
            if (parts[1].Length == 0)
            {
                paths[""] = path;
                continue;
            }
            foreach (string controller in parts[1].Split(','))
                paths[controller] = path;
        }
        return paths;
    }
}
