using Wharf.Core;

namespace Wharf.Cgroups.V2;

/// <summary>
/// OCI <c>linux.resources.unified</c>: raw v2 control files, written last so they override the typed settings, as
/// runc does. Keys are untrusted: only a plain file name of the cgroup's own directory is accepted.
/// </summary>
internal static class UnifiedResources
{
    public static void Apply(string dir, IReadOnlyDictionary<string, string> unified)
    {
        foreach ((string key, string value) in unified.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (key.Length == 0 || key.Contains('/') || key.Contains('\0') || key is "." or ".." || !key.Contains('.'))
                throw WharfException.Invalid($"cgroup: invalid linux.resources.unified key \"{key}\" (want a control file name such as memory.high)");
            if (key is "cgroup.procs" or "cgroup.threads" or "cgroup.subtree_control")
                throw WharfException.Invalid($"cgroup: linux.resources.unified may not set {key}");
            CgroupFile.Write(dir, key, value);
        }
    }
}
