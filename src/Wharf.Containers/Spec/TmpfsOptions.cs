using Wharf.Core;

namespace Wharf.Containers;

/// <summary>Mount options of a --tmpfs mount, merged as moby/sys/mount's MergeTmpfsOptions does.</summary>
internal static class TmpfsOptions
{
    // Flags that set or clear the same bit share a key: the later one wins. Propagation modes share one key.
    private static readonly Dictionary<string, string> FlagKeys = new(StringComparer.Ordinal)
    {
        ["ro"] = "rdonly", ["rw"] = "rdonly", ["suid"] = "nosuid", ["nosuid"] = "nosuid", ["dev"] = "nodev", ["nodev"] = "nodev",
        ["exec"] = "noexec", ["noexec"] = "noexec", ["sync"] = "sync", ["async"] = "sync", ["dirsync"] = "dirsync",
        ["remount"] = "remount", ["mand"] = "mand", ["nomand"] = "mand", ["atime"] = "noatime", ["noatime"] = "noatime",
        ["diratime"] = "nodiratime", ["nodiratime"] = "nodiratime", ["relatime"] = "relatime", ["norelatime"] = "relatime",
        ["strictatime"] = "strictatime", ["nostrictatime"] = "strictatime",
        ["bind"] = "propagation", ["rbind"] = "propagation", ["unbindable"] = "propagation", ["runbindable"] = "propagation",
        ["private"] = "propagation", ["rprivate"] = "propagation", ["shared"] = "propagation", ["rshared"] = "propagation",
        ["slave"] = "propagation", ["rslave"] = "propagation",
    };

    private static readonly HashSet<string> DataKeys = new(StringComparer.Ordinal) { "", "size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "mpol" };

    /// <summary>Docker's defaults (noexec, nosuid, nodev, rprivate), then the user's, de-duplicated keeping the last of each kind.</summary>
    public static List<string> Merge(string? data)
    {
        var options = new List<string> { "noexec", "nosuid", "nodev", "rprivate" };
        if (!string.IsNullOrEmpty(data)) options.AddRange(data.Split(','));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<string>();
        for (int i = options.Count - 1; i >= 0; i--)
        {
            string option = options[i];
            if (option == "defaults") continue;
            string key;
            if (FlagKeys.TryGetValue(option, out string? flag))
            {
                key = "flag:" + flag;
            }
            else
            {
                int equals = option.IndexOf('=');
                string name = equals < 0 ? option : option[..equals];
                if (equals < 0 || !DataKeys.Contains(name))
                    throw WharfException.Invalid($"invalid tmpfs option \"{UntrustedName.Show(name)}\"");
                key = "data:" + name;
            }
            if (seen.Add(key)) merged.Insert(0, option);
        }
        return merged;
    }
}
