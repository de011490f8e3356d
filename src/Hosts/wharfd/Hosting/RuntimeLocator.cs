namespace Wharf.Daemon.Hosting;

/// <summary>
/// Finds the OCI runtime binary: a path as given; a name next to wharfd, in the build's out/NAME/
/// beside out/wharfd/, then on PATH.
/// </summary>
internal static class RuntimeLocator
{
    /// <summary>The runtime's name (its file name) and full path; the path is null when it cannot be found.</summary>
    public static (string Name, string? Path) Find(string runtime)
    {
        if (runtime.Contains('/')) return (System.IO.Path.GetFileName(runtime), File.Exists(runtime) ? System.IO.Path.GetFullPath(runtime) : null);
        string beside = System.IO.Path.Join(AppContext.BaseDirectory, runtime);
        if (File.Exists(beside)) return (runtime, beside);
        string published = System.IO.Path.GetFullPath(System.IO.Path.Join(AppContext.BaseDirectory, "..", runtime, runtime));
        if (File.Exists(published)) return (runtime, published);
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = System.IO.Path.Join(directory, runtime);
            if (File.Exists(candidate)) return (runtime, candidate);
        }
        return (runtime, null);
    }
}
