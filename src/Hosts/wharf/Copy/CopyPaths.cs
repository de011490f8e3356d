namespace Wharf.Cli.Copy;

/// <summary>What a copy knows of its source or destination (go-archive's CopyInfo).</summary>
internal sealed record CopyInfo(string Path, bool Exists = false, bool IsDir = false, string RebaseName = "");

/// <summary>Where an archive goes and how its top name changes (go-archive's PrepareArchiveCopy result).</summary>
/// <param name="OldBase">The name the archive's entries start with; null: keep them.</param>
internal sealed record CopyPlan(string Directory, string? OldBase = null, string NewBase = "")
{
    /// <summary>RebaseArchiveEntries: the first occurrence of the old base replaced, as Go's strings.Replace(n=1) does.</summary>
    public string Rename(string name)
    {
        if (OldBase is null) return name;
        string old = OldBase == "/" ? "" : OldBase;
        int at = name.IndexOf(old, StringComparison.Ordinal);
        return at < 0 ? name : string.Concat(name.AsSpan(0, at), NewBase, name.AsSpan(at + old.Length));
    }
}

/// <summary>
/// Paths as docker cp handles them (go-archive's copy.go, on Unix, lexically): a trailing "/" or
/// "/." says "a directory", "/." copies a directory's contents, and the archive's top name is
/// rebased to the destination's when the copy renames.
/// </summary>
internal static class CopyPaths
{
    /// <summary>Go's filepath.Clean.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0) return ".";
        bool rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        string joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    /// <summary>Go's filepath.Base.</summary>
    public static string Base(string path)
    {
        if (path.Length == 0) return ".";
        string trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0) return "/";
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    /// <summary>Go's filepath.Dir.</summary>
    public static string Dir(string path)
    {
        int slash = path.LastIndexOf('/');
        return Clean(slash < 0 ? "." : path[..(slash + 1)]);
    }

    public static string Join(string a, string b) => Clean(a + "/" + b);

    public static bool HasTrailingSeparator(string path) => path.EndsWith('/');

    public static bool SpecifiesCurrentDir(string path) => Base(path) == ".";

    public static bool AssertsDirectory(string path) => HasTrailingSeparator(path) || SpecifiesCurrentDir(path);

    /// <summary>archive.PreserveTrailingDotOrSeparator.</summary>
    public static string PreserveTrailingDotOrSeparator(string cleaned, string original)
    {
        if (!SpecifiesCurrentDir(cleaned) && SpecifiesCurrentDir(original))
        {
            if (!HasTrailingSeparator(cleaned)) cleaned += "/";
            cleaned += ".";
        }
        if (!HasTrailingSeparator(cleaned) && HasTrailingSeparator(original)) cleaned += "/";
        return cleaned;
    }

    /// <summary>archive.SplitPathDirEntry: directory and base, a trailing "." kept as the base.</summary>
    public static (string Dir, string Base) SplitPathDirEntry(string path)
    {
        string cleaned = Clean(path);
        if (SpecifiesCurrentDir(path)) cleaned += "/.";
        return (Dir(cleaned), Base(cleaned));
    }

    /// <summary>cp.go's resolveLocalPath: absolute, with a trailing "/" or "/." kept.</summary>
    public static string ResolveLocal(string path, string workingDirectory) =>
        PreserveTrailingDotOrSeparator(Clean(path.StartsWith('/') ? path : workingDirectory + "/" + path), path);

    /// <summary>archive.GetRebaseName: the resolved path with the original's trailing "/" or "/.", and the name to rebase to.</summary>
    public static (string Resolved, string RebaseName) GetRebaseName(string path, string resolved)
    {
        if (SpecifiesCurrentDir(path) && !SpecifiesCurrentDir(resolved)) resolved += "/.";
        if (HasTrailingSeparator(path) && !HasTrailingSeparator(resolved)) resolved += "/";
        return (resolved, Base(path) != Base(resolved) ? Base(path) : "");
    }

    /// <summary>cp.go's splitCpArg: "CONTAINER:PATH" or a local path (absolute, or starting with ".", or without ':').</summary>
    public static (string Container, string Path) SplitArgument(string arg)
    {
        if (arg.StartsWith('/')) return ("", arg);
        int colon = arg.IndexOf(':');
        if (colon < 0 || arg.StartsWith('.')) return ("", arg);
        return (arg[..colon], arg[(colon + 1)..]);
    }

    /// <summary>
    /// archive.PrepareArchiveCopy: the directory to extract into and the renaming of the archive's
    /// top entry, from what the source and destination are.
    /// </summary>
    /// <exception cref="CliError">A directory onto a file ("cannot copy directory"), a file onto a missing "dir/" ("no such directory").</exception>
    public static CopyPlan Prepare(CopyInfo source, CopyInfo destination)
    {
        var (dstDir, dstBase) = SplitPathDirEntry(destination.Path);
        var (_, srcBase) = SplitPathDirEntry(source.Path);
        if (source.RebaseName.Length > 0) srcBase = source.RebaseName;
        if (destination.Exists && destination.IsDir) return new CopyPlan(destination.Path);
        if (destination.Exists && source.IsDir) throw new CliError("cannot copy directory");
        if (!destination.Exists && !source.IsDir && AssertsDirectory(destination.Path)) throw new CliError("no such directory");
        return new CopyPlan(dstDir, srcBase, dstBase);
    }
}
