using System.Diagnostics;

namespace Wharf.Shim.Tests.Kernel;

/// <summary>
/// What the black-box tests share: the shim binary, the repository, and a per-run temp dir
/// (short, since socket paths must fit in 107 bytes) with the busybox rootfs and a config.json
/// template from `wharf-runtime spec`, both made once.
/// </summary>
public static class TestEnvironment
{
    private const string RunPrefix = "wst-";
    private static readonly Lazy<string> RootfsTemplate = new(BuildRootfs, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> SpecTemplate = new(BuildSpec, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>WHARF_SHIM (e.g. the NativeAOT out/wharf-shim/wharf-shim), else the apphost built beside these tests.</summary>
    public static string ShimPath { get; } = FindShim();

    public static string RunDir { get; } = CreateRunDir();

    /// <summary>The parent of every test container's cgroup, removed at exit.</summary>
    public static string CgroupParent => "/" + Path.GetFileName(RunDir);

    public static string Rootfs => RootfsTemplate.Value;

    /// <summary>config.json as `wharf-runtime spec` writes it.</summary>
    public static string Spec => SpecTemplate.Value;

    private static string BuildRootfs()
    {
        string rootfs = Path.Combine(RunDir, "rootfs");
        Shell.Run(Path.Combine(RepoRoot, "scripts", "make-busybox-rootfs.sh"), rootfs);
        return rootfs;
    }

    private static string BuildSpec()
    {
        string dir = Path.Combine(RunDir, "spec");
        Directory.CreateDirectory(dir);
        Shell.Run(Runtimes.WharfRuntimePath, "spec", "--bundle", dir);
        return File.ReadAllText(Path.Combine(dir, "config.json"));
    }

    private static string FindShim()
    {
        if (Environment.GetEnvironmentVariable("WHARF_SHIM") is { Length: > 0 } path) return path;
        // tests/Wharf.Shim.Tests/bin/CONFIG/net10.0/ -> src/Hosts/wharf-shim/bin/CONFIG/net10.0/wharf-shim
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        string configuration = output.Parent?.Name ?? "Release";
        return Path.Combine(RepoRoot, "src", "Hosts", "wharf-shim", "bin", configuration, output.Name, "wharf-shim");
    }

    private static string CreateRunDir()
    {
        RemoveStaleRuns();
        string dir = Path.Combine("/tmp", $"{RunPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Cleanup.RemoveRun(dir, "/" + Path.GetFileName(dir));
        return dir;
    }

    /// <summary>Runs killed before their exit handlers leave their dir: remove those whose process is gone.</summary>
    private static void RemoveStaleRuns()
    {
        foreach (string dir in Directory.GetDirectories("/tmp", RunPrefix + "*"))
        {
            string pid = Path.GetFileName(dir)[RunPrefix.Length..].Split('-')[0];
            if (!int.TryParse(pid, out _) || Directory.Exists($"/proc/{pid}")) continue;
            Cleanup.RemoveRun(dir, "/" + Path.GetFileName(dir));
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no Wharf.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>Short host commands (the build scripts, cp -a, umount).</summary>
internal static class Shell
{
    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} timed out");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
        return stdout.Result;
    }

    public static void TryRun(string file, params string[] args)
    {
        try { Run(file, args); } catch (Exception) { }
    }
}
