using Wharf.Core;

namespace Wharf.Shim.Tests.Kernel;

[Trait("Category", "Kernel")]
public class LifecycleTests
{
    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task A_client_attached_before_start_gets_all_output_split_into_stdout_and_stderr(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2"]);
        var ct = Timeouts.Token();
        using var both = await shim.Client.AttachAsync(stdin: false, stdout: true, stderr: true, ct);
        using var onlyStderr = await shim.Client.AttachAsync(stdin: false, stdout: false, stderr: true, ct);
        var wait = shim.Client.WaitAsync(ct);

        Assert.True(await shim.Client.StartAsync(ct) > 0);

        Assert.Equal(("out1\nout2\n", "err1\nerr2\n"), await Streams.ReadFramesAsync(both, ct));
        Assert.Equal(("", "err1\nerr2\n"), await Streams.ReadFramesAsync(onlyStderr, ct));
        Assert.Equal(0, (await wait).ExitCode);
    }

    public static TheoryData<string, string, int> ExitCodes
    {
        get
        {
            var data = new TheoryData<string, string, int>();
            foreach (string runtime in Runtimes.Names)
            {
                data.Add(runtime, "exit 0", 0);
                data.Add(runtime, "exit 3", 3);
            }
            return data;
        }
    }

    [ShimKernelTheory]
    [MemberData(nameof(ExitCodes))]
    public async Task The_exit_code_is_written_to_exit_json_then_told_to_waiters_and_the_shim_cleans_up(string runtime, string script, int code)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sh", "-c", script]);
        var ct = Timeouts.Token();
        int shimPid = shim.ShimPid!.Value;
        var wait = shim.Client.WaitAsync(ct);
        var before = DateTimeOffset.UtcNow;
        await shim.Client.StartAsync(ct);

        var exit = await wait;
        Assert.Equal(code, exit.ExitCode);
        Assert.False(exit.OomKilled);
        Assert.InRange(exit.ExitedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(exit, ShimClient.ReadRecordedExit(shim.StateDir));

        // With its clients gone the shim exits; the runtime no longer knows the container.
        await shim.WaitForShimExitAsync(shimPid);
        Assert.False(shim.Client.IsRunning);
        await Assert.ThrowsAsync<ShimGoneException>(() => new ShimClient(shim.StateDir).WaitAsync(ct));
        Assert.Equal(exit, ShimClient.ReadRecordedExit(shim.StateDir));
        Assert.ThrowsAny<Exception>(() => Shell.Run(shim.Options.RuntimePath, "--root", shim.Options.RuntimeRoot!, "state", shim.Id));
        Assert.Empty(HostLeftovers.MountsUnder(shim.Dir));
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task Kill_signals_the_init_and_SIGKILL_exits_137(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sleep", "1000"]);
        var ct = Timeouts.Token();

        var notYet = await Assert.ThrowsAsync<WharfException>(() => shim.Client.KillAsync(9, all: false, ct));
        Assert.Equal(ErrorKind.Conflict, notYet.Kind);
        Assert.Contains("not running", notYet.Message);
        var created = await shim.Client.StateAsync(ct);
        Assert.Equal(new ShimState(0, false, null), created);

        int pid = await shim.Client.StartAsync(ct);
        var running = await shim.Client.StateAsync(ct);
        Assert.Equal(new ShimState(pid, true, null), running);
        Assert.Equal(pid, int.Parse(File.ReadAllText(Path.Combine(shim.StateDir, ShimFiles.InitPid)).Trim()));

        await shim.Client.KillAsync(9, all: false, ct);
        Assert.Equal(137, (await shim.Client.WaitAsync(ct)).ExitCode);
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task Kill_all_goes_through_the_runtime_to_every_process(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sh", "-c", "sleep 1000 & sleep 1000"]);
        var ct = Timeouts.Token();
        await shim.Client.StartAsync(ct);
        await shim.Client.KillAsync(9, all: true, ct);
        Assert.Equal(137, (await shim.Client.WaitAsync(ct)).ExitCode);
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task A_missing_executable_is_the_start_error_in_the_runtimes_words(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["no-such-program"]);
        var ct = Timeouts.Token();
        int shimPid = shim.ShimPid!.Value;
        var wait = shim.Client.WaitAsync(ct);

        var error = await Assert.ThrowsAsync<WharfException>(() => shim.Client.StartAsync(ct));
        Assert.True(error.Message.Contains("executable file not found", StringComparison.Ordinal) ||
            error.Message.Contains("no such file", StringComparison.OrdinalIgnoreCase), error.Message);
        // A waiter hears the same failure; nothing was recorded, and the shim goes away.
        var waited = await Assert.ThrowsAsync<WharfException>(() => wait);
        Assert.Equal(error.Message, waited.Message);
        await shim.WaitForShimExitAsync(shimPid);
        Assert.Null(ShimClient.ReadRecordedExit(shim.StateDir));
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task Starting_twice_is_a_conflict(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sleep", "1000"]);
        var ct = Timeouts.Token();
        await shim.Client.StartAsync(ct);
        Assert.Equal(ErrorKind.Conflict, (await Assert.ThrowsAsync<WharfException>(() => shim.Client.StartAsync(ct))).Kind);
        await shim.Client.KillAsync(9, all: false, ct);
        await shim.Client.WaitAsync(ct);
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task Pause_and_resume_go_through_the_runtime(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sleep", "1000"]);
        var ct = Timeouts.Token();
        await shim.Client.StartAsync(ct);
        await shim.Client.PauseAsync(ct);
        Assert.Contains("paused", Shell.Run(shim.Options.RuntimePath, "--root", shim.Options.RuntimeRoot!, "state", shim.Id));
        await shim.Client.ResumeAsync(ct);
        Assert.Contains("running", Shell.Run(shim.Options.RuntimePath, "--root", shim.Options.RuntimeRoot!, "state", shim.Id));
        await shim.Client.KillAsync(9, all: false, ct);
        Assert.Equal(137, (await shim.Client.WaitAsync(ct)).ExitCode);
    }
}
