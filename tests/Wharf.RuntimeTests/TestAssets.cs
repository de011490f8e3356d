using System.Diagnostics;

namespace Wharf.RuntimeTests;

/// <summary>
/// What every bundle is made from, built once per test run: the busybox rootfs from
/// scripts/make-busybox-rootfs.sh with the probe (tests/runtime-probe) at /probe.
/// </summary>
public static class TestAssets
{
    public const string ProbeInContainer = "/probe";

    static readonly Lazy<string> RootfsTemplate = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The run's private temp dir; bundles live under it and it goes away at exit.</summary>
    public static string RunDir { get; } = CreateRunDir();

    /// <summary>The run's parent cgroup (each container gets PARENT/ID), removed at exit.</summary>
    public static string CgroupParent { get; } = CreateCgroupParent();

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The rootfs to copy into each bundle (busybox + /probe). Never modify it.</summary>
    public static string Rootfs => RootfsTemplate.Value;

    /// <summary>The probe built for the host, for host-side steps (IPC segments, console socket).</summary>
    public static string HostProbe => Path.Combine(RootfsTemplate.Value, "probe");

    static string Build()
    {
        var rootfs = Path.Combine(RunDir, "rootfs");
        Shell.Check(Path.Combine(RepoRoot, "scripts", "make-busybox-rootfs.sh"), rootfs);
        Shell.Check(Path.Combine(RepoRoot, "tests", "runtime-probe", "build.sh"), Path.Combine(rootfs, "probe"));
        return rootfs;
    }

    const string RunPrefix = "wharf-runtimetests-";

    static string CreateRunDir()
    {
        RemoveStaleRuns();
        var dir = Path.Combine(Path.GetTempPath(), $"{RunPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Never recurse into a directory something is still mounted on.
            if (HostLeftovers.MountsUnder(dir).Count == 0)
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return dir;
    }

    /// <summary>
    /// A run whose process died without its exit handlers (killed on timeout) leaves its temp dir
    /// and empty cgroup parents: remove those of runs whose process is gone.
    /// </summary>
    static void RemoveStaleRuns()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), RunPrefix + "*"))
        {
            var name = Path.GetFileName(dir);
            var pid = name[RunPrefix.Length..].Split('-')[0];
            if (!int.TryParse(pid, out _) || Directory.Exists($"/proc/{pid}") || HostLeftovers.MountsUnder(dir).Count > 0)
                continue;
            foreach (var cgroup in HostLeftovers.CgroupDirs("/" + name))
                try { Directory.Delete(cgroup); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    static string CreateCgroupParent()
    {
        var parent = "/" + Path.GetFileName(RunDir);
        // Runtimes remove the container's own cgroup, not the parents they made for it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var dir in HostLeftovers.CgroupDirs(parent))
                try { Directory.Delete(dir); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return parent;
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.slnx")))
                return dir.FullName;
        throw new InvalidOperationException($"no Wharf.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>Short host commands the tests need (cp -a, the build scripts).</summary>
static class Shell
{
    public static string Check(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} timed out");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
        return stdout.Result;
    }
}
