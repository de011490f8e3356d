namespace Wharf.Linux.Mounts;

/// <summary>
/// One mount(2) call described as data, containerd's shape: a filesystem type ("overlay", "bind",
/// "tmpfs"...), a source, mount(8)-style options (flags such as "ro" or "rbind" and filesystem data
/// such as "lowerdir=..."), and an optional <see cref="Target"/>: a path below the directory the
/// mount set is mounted on (null: on that directory itself).
/// </summary>
public sealed record Mount(string Type, string Source, IReadOnlyList<string> Options, string? Target = null)
{
    /// <summary>A bind mount, by type or by a "bind"/"rbind" option.</summary>
    public bool IsBind => Type == "bind" || Options.Contains("bind") || Options.Contains("rbind");

    /// <summary>Mounted read-only: the last of "ro"/"rw" wins, as in mount(8).</summary>
    public bool IsReadOnly => Options.LastOrDefault(o => o is "ro" or "rw") == "ro";

    /// <summary>The value of a "name=value" option, e.g. <c>OptionValue("upperdir")</c>; null when absent.</summary>
    public string? OptionValue(string name)
    {
        string prefix = name + "=";
        string? option = Options.LastOrDefault(o => o.StartsWith(prefix, StringComparison.Ordinal));
        return option?[prefix.Length..];
    }

    /// <summary>
    /// The directory that writes through this mount land in: overlay's upperdir, or the source of a
    /// writable bind mount; null for a read-only mount. A layer is applied into this directory.
    /// </summary>
    public string? WritableDirectory =>
        IsReadOnly ? null
        : Type == "overlay" ? OptionValue("upperdir")
        : IsBind ? Source
        : null;
}
