namespace Wharf.Cgroups.V2;

/// <summary>
/// On v2 a controller's files appear in a cgroup only when its parent lists the controller in
/// <c>cgroup.subtree_control</c>. Before creating a cgroup, enable every controller the hierarchy has, at every
/// level from the root down to the new cgroup's parent (runc's CreateCgroupPath).
/// </summary>
internal static class SubtreeControl
{
    public const string ControllersFile = "cgroup.controllers";
    public const string SubtreeControlFile = "cgroup.subtree_control";

    /// <summary>Creates the parents of <paramref name="dir"/> and enables controllers in each. Failures to enable
    /// are ignored here: a parent that holds processes cannot delegate domain controllers ("no internal processes"),
    /// and a delegated subtree may not get them all; the resource writes that need a missing controller fail later,
    /// naming the file.</summary>
    public static void EnableAlongPath(string mountPoint, string dir)
    {
        string root = mountPoint.TrimEnd('/');
        string target = dir.TrimEnd('/');
        if (target.Length <= root.Length || !target.StartsWith(root + "/", StringComparison.Ordinal))
            return;
        string[] controllers = (CgroupFile.TryRead(root, ControllersFile) ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] segments = target[(root.Length + 1)..].Split('/');
        string current = root;
        for (int i = 0; i < segments.Length; i++)
        {
            if (i > 0)
                CgroupTree.Create(current);
            if (controllers.Length > 0)
                Enable(current, controllers);
            current = Path.Join(current, segments[i]);
        }
    }

    private static void Enable(string dir, string[] controllers)
    {
        // One write for all; if the kernel refuses any of them, the whole write fails, so fall back to one by one.
        if (CgroupFile.TryWrite(dir, SubtreeControlFile, string.Join(' ', controllers.Select(c => "+" + c))) == 0)
            return;
        foreach (string controller in controllers)
            CgroupFile.TryWrite(dir, SubtreeControlFile, "+" + controller);
    }
}
