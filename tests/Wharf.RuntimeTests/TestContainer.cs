using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Wharf.Core.Oci;

namespace Wharf.RuntimeTests;

/// <summary>
/// One container of one test: a fresh bundle (a copy of the busybox rootfs plus the probe), its
/// own state root (`--root`), a unique id and cgroupsPath. Tests end with
/// <see cref="DeleteAndAssertNothingLeftAsync"/>; <see cref="DisposeAsync"/> cleans up quietly
/// whatever a failed test left.
/// </summary>
public sealed class TestContainer : IAsyncDisposable
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    TestContainer(RuntimeUnderTest runtime, string id, string dir)
    {
        Runtime = runtime;
        Id = id;
        Dir = dir;
    }

    public RuntimeUnderTest Runtime { get; }
    public string Id { get; }
    /// <summary>The test's temp dir: bundle/, state/ and the runtime's output files.</summary>
    public string Dir { get; }
    public string Bundle => Path.Combine(Dir, "bundle");
    public string Rootfs => Path.Combine(Bundle, "rootfs");
    public string StateRoot => Path.Combine(Dir, "state");
    public string CgroupsPath => TestAssets.CgroupParent + "/" + Id;
    public string Hostname => "h-" + Id[4..12];

    /// <summary>A container for <paramref name="runtimeName"/> with a bundle whose rootfs is ready; no config.json yet.</summary>
    public static TestContainer New(string runtimeName, [CallerMemberName] string test = "")
    {
        var runtime = RuntimeUnderTest.Get(runtimeName);
        var id = $"wrt-{Guid.NewGuid():N}"[..20];
        var dir = Path.Combine(TestAssets.RunDir, $"{test}-{runtime.Name}-{id}");
        var container = new TestContainer(runtime, id, dir);
        Directory.CreateDirectory(container.Bundle);
        Shell.Check("/bin/cp", "-a", TestAssets.Rootfs, container.Rootfs);
        return container;
    }

    /// <summary>runc's default spec for this container, running <paramref name="args"/>.</summary>
    public RuntimeSpec Spec(params string[] args) => DefaultSpec.Create(Hostname, CgroupsPath, args);

    /// <summary>The default spec running `/probe ARGS...`.</summary>
    public RuntimeSpec ProbeSpec(params string[] args) => Spec([TestAssets.ProbeInContainer, .. args]);

    public void WriteConfig(RuntimeSpec spec) =>
        File.WriteAllText(Path.Combine(Bundle, "config.json"), JsonSerializer.Serialize(spec, OciJsonContext.Default.RuntimeSpec));

    /// <summary>`RUNTIME --root STATE ARGS...`.</summary>
    public Task<RuntimeResult> ExecAsync(params string[] args) => ExecAsync(CommandTimeout, args);

    public Task<RuntimeResult> ExecAsync(TimeSpan timeout, params string[] args) =>
        Runtime.ExecAsync(StateRoot, Dir, timeout, args);

    /// <summary>Writes <paramref name="spec"/> and runs `run --bundle B ID` to the end.</summary>
    public Task<RuntimeResult> RunAsync(RuntimeSpec spec)
    {
        WriteConfig(spec);
        return ExecAsync("run", "--bundle", Bundle, Id);
    }

    /// <summary>Runs <paramref name="spec"/> (default: `probe report`), expects exit 0 and parses the probe's output.</summary>
    public async Task<ProbeReport> ReportAsync(RuntimeSpec? spec = null)
    {
        var result = await RunAsync(spec ?? ProbeSpec("report"));
        Assert.True(result.ExitCode == 0, $"{Runtime.Name}: {result}");
        return new ProbeReport(result.Stdout);
    }

    /// <summary>Writes <paramref name="spec"/> and runs `create --bundle B [--console-socket S] ID`.</summary>
    public async Task CreateContainerAsync(RuntimeSpec spec, string? consoleSocket = null)
    {
        WriteConfig(spec);
        string[] args = consoleSocket is null
            ? ["create", "--bundle", Bundle, Id]
            : ["create", "--bundle", Bundle, "--console-socket", consoleSocket, Id];
        await ExpectSuccessAsync(args);
    }

    public async Task<RuntimeResult> ExpectSuccessAsync(params string[] args)
    {
        var result = await ExecAsync(args);
        Assert.True(result.ExitCode == 0, $"{Runtime.Name}: {result}");
        return result;
    }

    /// <summary>`state ID`, parsed.</summary>
    public async Task<ContainerStateDocument> StateAsync()
    {
        var result = await ExpectSuccessAsync("state", Id);
        return JsonSerializer.Deserialize(result.Stdout, OciJsonContext.Default.ContainerStateDocument)
            ?? throw new Xunit.Sdk.XunitException($"{Runtime.Name} state printed null");
    }

    /// <summary>Polls `state` until it reports <paramref name="status"/> (the runtime has no "wait" command).</summary>
    public async Task<ContainerStateDocument> WaitForStatusAsync(string status, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var state = await StateAsync();
            if (state.Status == status) return state;
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
                throw new Xunit.Sdk.XunitException($"{Runtime.Name}: status stayed {state.Status}, expected {status}");
            await Task.Delay(50);
        }
    }

    /// <summary>`delete --force ID`, then checks no mount, cgroup or state of this container is left.</summary>
    public async Task DeleteAndAssertNothingLeftAsync()
    {
        await ExecAsync("delete", "--force", Id);
        AssertNothingLeft();
    }

    /// <summary>No mount under the test dir, no cgroup directory, no state for the id.</summary>
    public void AssertNothingLeft()
    {
        Assert.True(HostLeftovers.MountsUnder(Dir).Count == 0,
            $"{Runtime.Name} left mounts: {string.Join(", ", HostLeftovers.MountsUnder(Dir))}");
        Assert.True(HostLeftovers.CgroupDirs(CgroupsPath).Count == 0,
            $"{Runtime.Name} left cgroups: {string.Join(", ", HostLeftovers.CgroupDirs(CgroupsPath))}");
        var state = Directory.Exists(StateRoot)
            ? Directory.GetFileSystemEntries(StateRoot).Where(e => e.Contains(Id, StringComparison.Ordinal)).ToList()
            : [];
        Assert.True(state.Count == 0, $"{Runtime.Name} left state: {string.Join(", ", state)}");
    }

    /// <summary>Best-effort cleanup that never throws: force-delete, unmount, remove cgroups, remove the dir.</summary>
    public async ValueTask DisposeAsync()
    {
        try { await ExecAsync(TimeSpan.FromSeconds(10), "delete", "--force", Id); } catch (Exception) { }
        foreach (var mount in HostLeftovers.MountsUnder(Dir).OrderByDescending(m => m.Length))
            try { Shell.Check("/bin/umount", "-l", mount); } catch (Exception) { }
        foreach (var cgroup in HostLeftovers.CgroupDirs(CgroupsPath))
            HostLeftovers.KillAndRemoveCgroup(cgroup);
        if (HostLeftovers.MountsUnder(Dir).Count == 0)
            try { Directory.Delete(Dir, recursive: true); } catch (Exception) { }
    }
}
