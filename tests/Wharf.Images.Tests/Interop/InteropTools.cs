namespace Wharf.Images.Tests.Interop;

/// <summary>
/// Where the interop tests find Docker, Podman, wharf-runtime and the repository's scripts, and why
/// a test must skip when one is missing (xunit 2 has no dynamic skip, so the facts decide up front).
/// </summary>
internal static class InteropTools
{
    public static readonly string? Dockerd = FirstExisting("/usr/sbin/dockerd", "/usr/bin/dockerd");

    /// <summary>The docker CLI: the newer one in /usr/local/bin when present (it negotiates down to dockerd's API), else Debian's.</summary>
    public static readonly string? Docker = FirstExisting("/usr/local/bin/docker", "/usr/bin/docker");

    public static readonly string? Podman = FirstExisting("/usr/bin/podman", "/usr/local/bin/podman");

    public static readonly string? Runc = FirstExisting("/usr/sbin/runc", "/usr/bin/runc", "/usr/local/sbin/runc");

    /// <summary>The checkout's root: the first directory above the test binary holding Wharf.slnx.</summary>
    public static readonly string? RepositoryRoot = FindRepositoryRoot();

    public static string? WharfRuntime =>
        RepositoryRoot is null ? null : FirstExisting(Path.Join(RepositoryRoot, "out", "wharf-runtime", "wharf-runtime"));

    public static string? BusyboxScript =>
        RepositoryRoot is null ? null : FirstExisting(Path.Join(RepositoryRoot, "scripts", "make-busybox-rootfs.sh"));

    /// <summary>Why a test that needs root, the busybox script and busybox-static cannot run; null when it can.</summary>
    public static string? CommonSkipReason()
    {
        if (!OperatingSystem.IsLinux()) return "interop with Docker and Podman runs on Linux only";
        if (!Environment.IsPrivilegedProcess) return "needs root: starts dockerd/podman and mounts overlay snapshots";
        if (BusyboxScript is null) return "scripts/make-busybox-rootfs.sh not found above the test binary";
        if (!File.Exists("/bin/busybox")) return "busybox-static is not installed (scripts/install-deps.sh installs it)";
        return null;
    }

    /// <summary>Runs a tool to completion; the caller checks the exit code (see <see cref="CheckAsync"/>).</summary>
    public static Task<CommandResult> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null) =>
        CommandResult.RunAsync(file, arguments, environment, timeout, workingDirectory: workingDirectory);

    /// <summary>Runs a tool and fails the test with its stderr when it exits non-zero.</summary>
    public static async Task<string> CheckAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        return (await RunAsync(file, arguments, environment, workingDirectory, timeout)).Succeeded().Stdout;
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Join(dir.FullName, "Wharf.slnx"))) return dir.FullName;
        return null;
    }
}
