namespace Wharf.E2E.Tests;

/// <summary>Where the binaries under test are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The wharfd to test: $WHARFD, else <see cref="Host"/>("wharfd").</summary>
    public static string Wharfd => Host("wharfd", "WHARFD");

    /// <summary>Wharf's CLI: $WHARF_CLI, else <see cref="Host"/>("wharf").</summary>
    public static string WharfCli => Host("wharf", "WHARF_CLI");

    /// <summary>
    /// The path in $<paramref name="variable"/>, else the newer of the host's NativeAOT publish
    /// (out/NAME/NAME, made by scripts/build.sh) and the build this test project just made.
    /// </summary>
    private static string Host(string name, string variable)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path) return path;
        string configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        string published = Path.Join(RepoRoot, "out", name, name);
        string built = Path.Join(RepoRoot, "src", "Hosts", name, "bin", configuration, "net10.0", name);
        return Newest(published, built);
    }

    private static string Newest(params string[] paths) =>
        paths.Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault() ?? paths[^1];

    /// <summary>The real docker CLI: $WHARF_DOCKER_CLI, /usr/local/bin/docker (28.x), or docker on PATH.</summary>
    public static string? DockerCli { get; } = FindDockerCli();

    public static string BusyboxScript => Path.Join(RepoRoot, "scripts", "make-busybox-rootfs.sh");

    public static bool HasStaticBusybox => File.Exists("/bin/busybox");

    private static string? FindDockerCli()
    {
        if (Environment.GetEnvironmentVariable("WHARF_DOCKER_CLI") is { Length: > 0 } path) return path;
        if (File.Exists("/usr/local/bin/docker")) return "/usr/local/bin/docker";
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Join(directory, "docker"))) return Path.Join(directory, "docker");
        return null;
    }

    private static string FindRepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Join(directory.FullName, "Wharf.slnx"))) return directory.FullName;
        throw new InvalidOperationException("cannot find the repository root (Wharf.slnx) above " + AppContext.BaseDirectory);
    }
}

/// <summary>A test that drives the docker CLI: skipped with the reason when there is none.</summary>
public sealed class DockerCliFactAttribute : FactAttribute
{
    public DockerCliFactAttribute()
    {
        if (TestPaths.DockerCli is null) Skip = "the docker CLI is not installed (/usr/local/bin/docker or docker on PATH; scripts/install-deps.sh installs docker.io)";
    }
}

/// <summary>A docker CLI test that needs the busybox image made from Debian's busybox-static.</summary>
public sealed class BusyboxFactAttribute : FactAttribute
{
    public BusyboxFactAttribute()
    {
        if (TestPaths.DockerCli is null) Skip = "the docker CLI is not installed (scripts/install-deps.sh installs docker.io)";
        else if (!TestPaths.HasStaticBusybox) Skip = "busybox-static is not installed (scripts/install-deps.sh installs it)";
    }
}
