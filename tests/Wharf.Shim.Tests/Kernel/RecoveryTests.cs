using System.Diagnostics;
using Wharf.Linux.Interop;

namespace Wharf.Shim.Tests.Kernel;

[Trait("Category", "Kernel")]
public class RecoveryTests
{
    /// <summary>
    /// A stand-in for the daemon: a shell that starts the shim in its own session (as the
    /// launcher does), waits for `ready`, and is then killed with SIGKILL.
    /// </summary>
    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task The_shim_outlives_its_launcher_and_a_new_client_can_start_wait_and_kill(string runtime)
    {
        await using var shim = TestShim.Prepare(runtime, ["sh", "-c", "echo before; sleep 1000"]);
        var ct = Timeouts.Token();
        string ready = Path.Combine(shim.Dir, "ready");
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (string a in new[] { "-c", "out=$1; shift; setsid \"$@\" >\"$out\" 2>&1 </dev/null & exec sleep 1000", "sh", ready, TestEnvironment.ShimPath })
            psi.ArgumentList.Add(a);
        foreach (string a in shim.Options.ToArguments()) psi.ArgumentList.Add(a);
        using var launcher = Process.Start(psi)!;
        try
        {
            while (!(File.Exists(ready) && File.ReadAllText(ready).Contains("ready", StringComparison.Ordinal)))
            {
                Assert.False(launcher.HasExited, "the launcher died early");
                await Task.Delay(20, ct);
            }
            launcher.Kill();
            await launcher.WaitForExitAsync(ct);
        }
        finally
        {
            if (!launcher.HasExited) launcher.Kill();
        }

        var client = new ShimClient(shim.StateDir);
        Assert.True(client.IsRunning);
        int pid = await client.StartAsync(ct);
        Assert.True(pid > 0);
        // Yet another client (a daemon restarted twice) sees the same container.
        Assert.Equal(new ShimState(pid, true, null), await new ShimClient(shim.StateDir).StateAsync(ct));
        var wait = new ShimClient(shim.StateDir).WaitAsync(ct);
        await new ShimClient(shim.StateDir).KillAsync(9, all: false, ct);
        var exit = await wait;
        Assert.Equal(137, exit.ExitCode);
        Assert.Equal(exit, ShimClient.ReadRecordedExit(shim.StateDir));
        Assert.Contains(shim.LogEntries(), e => e.Log == "before\n");
    }
}

[Trait("Category", "Kernel")]
public class ShimSignalTests
{
    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task SIGTERM_is_ignored_while_the_container_runs_and_ends_a_shim_never_started(string runtime)
    {
        var ct = Timeouts.Token();
        await using (var idle = await TestShim.LaunchAsync(runtime, ["true"]))
        {
            int pid = idle.ShimPid!.Value;
            Libc.Kill(pid, Libc.SIGTERM);
            await idle.WaitForShimExitAsync(pid);
            Assert.False(File.Exists(Path.Combine(idle.StateDir, ShimFiles.Socket)));
        }

        await using var shim = await TestShim.LaunchAsync(runtime, ["sleep", "1000"]);
        int shimPid = shim.ShimPid!.Value;
        await shim.Client.StartAsync(ct);
        Libc.Kill(shimPid, Libc.SIGTERM);
        Libc.Kill(shimPid, 1 /* SIGHUP */);
        Assert.True((await shim.Client.StateAsync(ct)).Running);
        Assert.True(shim.Client.IsRunning);
        await shim.Client.KillAsync(9, all: false, ct);
        Assert.Equal(137, (await shim.Client.WaitAsync(ct)).ExitCode);
    }
}
