using System.Diagnostics;

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
    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s");
        }
        return new ToolResult(file, string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a tool and fails the test with its stderr when it exits non-zero.</summary>
    public static async Task<string> CheckAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var result = await RunAsync(file, arguments, environment, workingDirectory, timeout);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result.Stdout;
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Join(dir.FullName, "Wharf.slnx"))) return dir.FullName;
        return null;
    }
}

internal sealed record ToolResult(string File, string Arguments, int ExitCode, string Stdout, string Stderr)
{
    public string Describe() =>
        $"{Path.GetFileName(File)} {Arguments} exited {ExitCode}\nstdout: {Stdout.Trim()}\nstderr: {Stderr.Trim()}";
}
