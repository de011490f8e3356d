using Wharf.Linux.Mounts;

namespace Wharf.Images.Tests.Interop;

/// <summary>
/// Podman for one test class, confined to temp --root, --runroot and --tmpdir so the machine's
/// own storage is never touched: runc as the runtime (crun refuses this host), cgroupfs, file
/// events. On dispose its containers are removed, whatever its overlay driver left mounted is
/// unmounted, and the directories go. Does nothing when the class's tests are skipped.
/// </summary>
public sealed class PodmanFixture : IAsyncLifetime
{
    /// <summary>`podman run` needs these here: the runtime cannot raise the host's default rlimits.</summary>
    public static readonly string[] RunFlags = ["--network", "none", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"];

    /// <summary>Short on purpose: podman refuses a --runroot longer than 50 characters.</summary>
    public string Root { get; } = Path.Join("/tmp", "wharf-podman-" + Guid.NewGuid().ToString("N")[..12]);

    public string BusyboxTar { get; private set; } = "";

    public bool Ready { get; private set; }

    public async Task InitializeAsync()
    {
        if (InteropTools.CommonSkipReason() is not null || InteropTools.Podman is null || InteropTools.Runc is null) return;
        foreach (string dir in new[] { "storage", "run", "tmp" }) Directory.CreateDirectory(Path.Join(Root, dir));
        await File.WriteAllTextAsync(Path.Join(Root, "auth.json"), "{}");
        BusyboxTar = await BusyboxRootfs.BuildTarAsync(Root);
        Ready = true;
    }

    private string[] GlobalFlags =>
    [
        "--root", Path.Join(Root, "storage"), "--runroot", Path.Join(Root, "run"), "--tmpdir", Path.Join(Root, "tmp"),
        "--storage-driver", "overlay", "--runtime", InteropTools.Runc!, "--cgroup-manager", "cgroupfs", "--events-backend", "file",
    ];

    private IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        // Keep podman from reading or writing the machine's credentials (it wants the file to exist).
        ["REGISTRY_AUTH_FILE"] = Path.Join(Root, "auth.json"),
        ["TMPDIR"] = Path.Join(Root, "tmp"),
    };

    /// <summary>Runs `podman GLOBAL-FLAGS ARGS`; fails the test on a non-zero exit.</summary>
    public Task<string> PodmanAsync(params string[] arguments) =>
        InteropTools.CheckAsync(InteropTools.Podman!, [.. GlobalFlags, .. arguments], Environment, timeout: TimeSpan.FromSeconds(60));

    /// <summary>Runs `podman GLOBAL-FLAGS ARGS` and returns the whole result.</summary>
    internal Task<CommandResult> TryPodmanAsync(params string[] arguments) =>
        InteropTools.RunAsync(InteropTools.Podman!, [.. GlobalFlags, .. arguments], Environment, timeout: TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        if (!Directory.Exists(Root)) return;
        if (Ready)
        {
            try { await TryPodmanAsync("rm", "--all", "--force"); } catch (Exception) { /* best effort: the mounts go below anyway */ }
        }
        try { MountSet.UnmountUnder(Root); } catch (Exception) { /* nothing was left mounted */ }
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
