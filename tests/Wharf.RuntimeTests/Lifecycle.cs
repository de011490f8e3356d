using Wharf.Core.Oci;

namespace Wharf.RuntimeTests;

/// <summary>create / start / state / kill / delete / list / run, as runc's command line has them.</summary>
[Trait("Category", "Kernel")]
public sealed class Lifecycle
{
    public static TheoryData<string> Runtimes => RuntimeUnderTest.All;

    /// <summary>A spec whose program marks /shared/started, then waits for /shared/go and exits 0.</summary>
    static RuntimeSpec Waiter(TestContainer c, string shared) =>
        c.Spec("/bin/sh", "-c", "touch /shared/started; while [ ! -e /shared/go ]; do usleep 20000; done") with
        {
            Mounts = [.. c.Spec().Mounts!, new() { Destination = "/shared", Type = "bind", Source = shared, Options = ["rbind", "rw"] }],
        };

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Create_start_state_and_delete(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var shared = Directory.CreateDirectory(Path.Combine(c.Dir, "shared")).FullName;
        await c.CreateContainerAsync(Waiter(c, shared));

        var created = await c.StateAsync();
        Assert.Equal(("created", c.Id, c.Bundle), (created.Status, created.Id, created.Bundle));
        Assert.True(created.Pid > 0, $"{runtime}: created state has pid {created.Pid}");
        Assert.True(Directory.Exists($"/proc/{created.Pid}"), $"{runtime}: pid {created.Pid} is not alive");
        Assert.Contains(c.Id, (await c.ExpectSuccessAsync("list")).Stdout);
        await Task.Delay(300);
        Assert.False(File.Exists(Path.Combine(shared, "started")), $"{runtime}: the program ran before start");

        await c.ExpectSuccessAsync("start", c.Id);
        await Eventually(() => File.Exists(Path.Combine(shared, "started")), $"{runtime}: the program did not run after start");
        var running = await c.StateAsync();
        Assert.Equal(("running", created.Pid), (running.Status, running.Pid));

        var notStopped = await c.ExecAsync("delete", c.Id);
        Assert.True(notStopped.ExitCode != 0, $"{runtime}: delete of a running container succeeded: {notStopped}");
        Assert.Equal("running", (await c.StateAsync()).Status);

        File.WriteAllText(Path.Combine(shared, "go"), "");
        await c.WaitForStatusAsync("stopped");

        await c.ExpectSuccessAsync("delete", c.Id);
        Assert.NotEqual(0, (await c.ExecAsync("state", c.Id)).ExitCode);
        Assert.DoesNotContain(c.Id, (await c.ExpectSuccessAsync("list")).Stdout);
        c.AssertNothingLeft();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Kill_with_KILL_stops_a_running_container(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        await c.CreateContainerAsync(c.Spec("/bin/sleep", "300"));
        await c.ExpectSuccessAsync("start", c.Id);
        var pid = (await c.WaitForStatusAsync("running")).Pid;

        await c.ExpectSuccessAsync("kill", c.Id, "KILL");
        await c.WaitForStatusAsync("stopped");
        await Eventually(() => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "),
            $"{runtime}: pid {pid} still alive after kill");

        await c.ExpectSuccessAsync("delete", c.Id);
        c.AssertNothingLeft();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Delete_force_removes_a_running_container(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        await c.CreateContainerAsync(c.Spec("/bin/sleep", "300"));
        await c.ExpectSuccessAsync("start", c.Id);
        await c.WaitForStatusAsync("running");
        await c.ExpectSuccessAsync("delete", "--force", c.Id);
        c.AssertNothingLeft();
    }

    // runc deletes a container that was created but never started without --force.
    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Delete_removes_a_created_container(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        await c.CreateContainerAsync(c.Spec("/bin/sleep", "300"));
        var pid = (await c.StateAsync()).Pid;
        await c.ExpectSuccessAsync("delete", c.Id);
        c.AssertNothingLeft();
        await Eventually(() => !Directory.Exists($"/proc/{pid}") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "),
            $"{runtime}: pid {pid} still alive after delete");
    }

    // Cleanup code relies on this: runc's `delete --force` of an id it does not know exits 0.
    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Delete_force_of_an_unknown_id_succeeds(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        await c.ExpectSuccessAsync("delete", "--force", c.Id);
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Run_returns_the_exit_code_of_the_process(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var result = await c.RunAsync(c.ProbeSpec("exit", "3"));
        Assert.True(result.ExitCode == 3, $"{runtime}: {result}");
        // `run` deletes what it made once the process exits.
        Assert.NotEqual(0, (await c.ExecAsync("state", c.Id)).ExitCode);
        c.AssertNothingLeft();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Run_passes_a_signal_it_receives_on_to_the_container(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        c.WriteConfig(c.Spec("/bin/sh", "-c", "trap 'exit 42' TERM; touch /tmp/ready; while true; do usleep 20000; done") with
        {
            Root = new RootSpec { Path = "rootfs", Readonly = false },
        });
        var psi = new System.Diagnostics.ProcessStartInfo(c.Runtime.Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--root", c.StateRoot, "run", "--bundle", c.Bundle, c.Id }) psi.ArgumentList.Add(arg);
        using var run = System.Diagnostics.Process.Start(psi)!;
        await Eventually(() => File.Exists(Path.Combine(c.Rootfs, "tmp", "ready")), $"{runtime}: the container did not start");

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", run.Id.ToString()]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await run.WaitForExitAsync(timeout.Token);
        Assert.True(run.ExitCode == 42, $"{runtime}: run exited {run.ExitCode}: {await run.StandardError.ReadToEndAsync()}");
        c.AssertNothingLeft();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task State_of_an_unknown_id_fails(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        var result = await c.ExecAsync("state", c.Id);
        Assert.True(result.ExitCode != 0 && result.Stderr.Length > 0, $"{runtime}: {result}");
    }

    static async Task Eventually(Func<bool> condition, string failure)
    {
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); !condition(); await Task.Delay(20))
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
                throw new Xunit.Sdk.XunitException(failure);
    }
}
