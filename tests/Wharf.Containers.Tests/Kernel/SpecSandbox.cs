using System.Diagnostics;
using System.Text.Json;
using Wharf.Core.Oci;

namespace Wharf.Containers.Tests.Kernel;

/// <summary>
/// One container of one kernel test: a copy of the busybox rootfs (with a few users added),
/// the daemon's /etc files, a spec from <see cref="ContainerSpecBuilder"/>, and `RUNTIME run`.
/// Disposing removes the container, its cgroups and its directory, even after a failure.
/// </summary>
internal sealed class SpecSandbox : IAsyncDisposable
{
    private static readonly string CgroupParent = $"/wharf-containers-tests-{Environment.ProcessId}";

    private readonly string _runtime;

    public SpecSandbox(BusyboxRootfs template, string runtime)
    {
        _runtime = RuntimeBinary.PathOf(runtime);
        Id = ContainerId.New();
        Dir = Directory.CreateTempSubdirectory("wharf-containers-kernel-").FullName;
        Directory.CreateDirectory(Bundle);
        Run("/bin/cp", "-a", template.Path, Rootfs);
    }

    public string Id { get; }
    public string Dir { get; }
    public string Bundle => Path.Combine(Dir, "bundle");
    public string Rootfs => Path.Combine(Bundle, "rootfs");
    public string StateRoot => Path.Combine(Dir, "state");

    /// <summary>Makes the record as create does, writes its /etc files, builds the spec and runs it to the end.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr, RuntimeSpec Spec)> RunAsync(
        ContainerConfig config, HostSettings? host = null, Func<ContainerSpecInput, ContainerSpecInput>? tweak = null)
    {
        var (container, _) = ContainerCreation.Create(new ContainerCreateRequest
        {
            Id = Id,
            Name = "/kernel-test",
            Config = config,
            HostSettings = host ?? new HostSettings(),
            ImageId = "sha256:" + new string('0', 64),
            Image = new ImageConfig { Config = new ImageExecutionConfig { Env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], Cmd = ["sh"] } },
            Features = HostFeatures.Probe(),
        });
        container = container with
        {
            HostnamePath = Path.Combine(Dir, "hostname"),
            HostsPath = Path.Combine(Dir, "hosts"),
            ResolvConfPath = Path.Combine(Dir, "resolv.conf"),
        };
        HostsFile.WriteHostname(container.HostnamePath, container.Config.Hostname!);
        HostsFile.Write(container.HostsPath, container.HostSettings, container.Config.Hostname!, container.Config.Domainname);
        ResolvConf.Write(container.ResolvConfPath, container.HostSettings);

        var input = new ContainerSpecInput { Container = container, RootfsPath = Rootfs, CgroupParent = CgroupParent };
        var spec = ContainerSpecBuilder.Build(tweak is null ? input : tweak(input));
        File.WriteAllText(Path.Combine(Bundle, "config.json"), JsonSerializer.Serialize(spec, OciJsonContext.Default.RuntimeSpec));
        var (code, stdout, stderr) = await RuntimeAsync(TimeSpan.FromSeconds(60), "run", "--bundle", Bundle, Id);
        return (code, stdout, stderr, spec);
    }

    /// <summary>`RUNTIME --root STATE ARGS`, stdio in files (a container may keep pipes open past the runtime).</summary>
    private async Task<(int, string, string)> RuntimeAsync(TimeSpan timeout, params string[] args)
    {
        string stdout = Path.Combine(Dir, "stdout"), stderr = Path.Combine(Dir, "stderr");
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (string a in new[] { "-c", "o=$1 e=$2; shift 2; exec \"$@\" </dev/null >\"$o\" 2>\"$e\"", "sh", stdout, stderr, _runtime, "--root", StateRoot })
            psi.ArgumentList.Add(a);
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_runtime} {string.Join(' ', args)} did not finish in {timeout}");
        }
        return (process.ExitCode, File.ReadAllText(stdout), File.ReadAllText(stderr));
    }

    public async ValueTask DisposeAsync()
    {
        try { await RuntimeAsync(TimeSpan.FromSeconds(20), "delete", "--force", Id); } catch (Exception) { }
        foreach (string cgroup in CgroupDirs($"{CgroupParent}/{Id}").Concat(CgroupDirs(CgroupParent)))
        {
            for (int attempt = 0; attempt < 20 && Directory.Exists(cgroup); attempt++)
            {
                try { Directory.Delete(cgroup); }
                catch (IOException) { await Task.Delay(50); }
            }
        }
        if (!File.ReadAllText("/proc/self/mountinfo").Contains(Dir))
            try { Directory.Delete(Dir, recursive: true); } catch (Exception) { }
    }

    private static IEnumerable<string> CgroupDirs(string path) =>
        File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(f => f.Length > 4 && Array.IndexOf(f, "-") is int dash and > 0 && f[dash + 1] is "cgroup" or "cgroup2")
            .Select(f => Path.Join(f[4], path))
            .Where(Directory.Exists)
            .Distinct()
            .ToList();

    internal static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
    }
}

/// <summary>
/// The busybox rootfs every sandbox copies (scripts/make-busybox-rootfs.sh, plus users alice,
/// staff and audio), made once for the test collection and removed after it.
/// </summary>
public sealed class BusyboxRootfs : IDisposable
{
    private const string Prefix = "wharf-containers-busybox-";
    private readonly string _dir;

    public BusyboxRootfs()
    {
        RemoveStale();
        _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Path = System.IO.Path.Combine(_dir, "rootfs");
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess || !File.Exists("/bin/busybox")) return; // the tests skip
        SpecSandbox.Run(RepoFiles.PathOf("scripts/make-busybox-rootfs.sh"), Path);
        File.AppendAllText(System.IO.Path.Combine(Path, "etc/passwd"), "alice:x:1000:1000:Alice:/home/alice:/bin/sh\n");
        File.AppendAllText(System.IO.Path.Combine(Path, "etc/group"), "alice:x:1000:\nstaff:x:50:alice\naudio:x:29:\n");
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (Exception) { }
    }

    /// <summary>Templates of runs whose process is gone (killed before its cleanup).</summary>
    private static void RemoveStale()
    {
        foreach (string dir in Directory.GetDirectories(System.IO.Path.GetTempPath(), Prefix + "*"))
        {
            string pid = System.IO.Path.GetFileName(dir)[Prefix.Length..].Split('-')[0];
            if (int.TryParse(pid, out _) && !Directory.Exists($"/proc/{pid}"))
                try { Directory.Delete(dir, recursive: true); } catch (Exception) { }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class KernelCollection : ICollectionFixture<BusyboxRootfs>
{
    public const string Name = "kernel";
}
