namespace Wharf.Containers.Tests;

/// <summary>Files of the repository the tests read (fixtures of other projects, scripts, built binaries).</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Wharf.slnx above {AppContext.BaseDirectory}");
    }
}
