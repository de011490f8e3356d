using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Shim.Tests.Kernel;

[Trait("Category", "Kernel")]
public class ExecTests
{
    /// <summary>The bundle's process (user, env, capabilities...) running <paramref name="args"/>.</summary>
    private static ProcessSpec Process(params string[] args) =>
        JsonSerializer.Deserialize(TestEnvironment.Spec, OciJsonContext.Default.RuntimeSpec)!.Process! with { Args = [.. args] };

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task An_exec_has_its_own_stream_and_exit_code(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sh", "-c", "echo init-output; sleep 1000"]);
        var ct = Timeouts.Token();
        using var attach = await shim.Client.AttachAsync(stdin: false, stdout: true, stderr: true, ct);
        await shim.Client.StartAsync(ct);
        Assert.Equal("init-output\n", await Streams.ReadUntilFrameTextAsync(attach, "init-output\n", ct));

        var (pid, stream) = await shim.Client.ExecAsync(
            new ExecRequest("e1", Process("sh", "-c", "echo from-exec; echo exec-err >&2; exit 5"), Tty: false, Stdin: false, Detach: false), ct);
        Assert.True(pid > 0);
        using (stream)
            Assert.Equal(("from-exec\n", "exec-err\n"), await Streams.ReadFramesAsync(stream!, ct));
        Assert.Equal(5, (await shim.Client.ExecWaitAsync("e1", ct)).ExitCode);
        // Kept for later askers, and the exec's output is not the container's log.
        Assert.Equal(5, (await shim.Client.ExecWaitAsync("e1", ct)).ExitCode);
        Assert.DoesNotContain(shim.LogEntries(), e => e.Log.Contains("exec", StringComparison.Ordinal));

        var duplicate = await Assert.ThrowsAsync<WharfException>(() =>
            shim.Client.ExecAsync(new ExecRequest("e1", Process("true"), false, false, true), ct));
        Assert.Equal(ErrorKind.AlreadyExists, duplicate.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<WharfException>(() => shim.Client.ExecWaitAsync("nope", ct))).Kind);

        await shim.Client.KillAsync(9, all: false, ct);
        Assert.Equal(137, (await shim.Client.WaitAsync(ct)).ExitCode);
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task An_exec_reads_stdin_until_its_client_ends_input(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sleep", "1000"]);
        var ct = Timeouts.Token();
        await shim.Client.StartAsync(ct);
        var (_, stream) = await shim.Client.ExecAsync(new ExecRequest("cat1", Process("cat"), Tty: false, Stdin: true, Detach: false), ct);
        using (stream)
        {
            await stream!.WriteAsync("ping\n"u8.ToArray(), ct);
            stream.CloseInput();
            Assert.Equal(("ping\n", ""), await Streams.ReadFramesAsync(stream, ct));
        }
        Assert.Equal(0, (await shim.Client.ExecWaitAsync("cat1", ct)).ExitCode);
        await shim.Client.KillAsync(9, all: false, ct);
        await shim.Client.WaitAsync(ct);
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task A_detached_exec_has_no_stream_but_runs_and_reports_its_exit(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sleep", "1000"]);
        var ct = Timeouts.Token();
        await shim.Client.StartAsync(ct);
        var (pid, stream) = await shim.Client.ExecAsync(
            new ExecRequest("d1", Process("sh", "-c", "echo hi > /tmp/mark; exit 7"), Tty: false, Stdin: false, Detach: true), ct);
        Assert.True(pid > 0);
        Assert.Null(stream);
        Assert.Equal(7, (await shim.Client.ExecWaitAsync("d1", ct)).ExitCode);

        var (_, check) = await shim.Client.ExecAsync(new ExecRequest("d2", Process("cat", "/tmp/mark"), false, false, false), ct);
        using (check)
            Assert.Equal(("hi\n", ""), await Streams.ReadFramesAsync(check!, ct));
        await shim.Client.KillAsync(9, all: false, ct);
        await shim.Client.WaitAsync(ct);
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task An_exec_with_a_tty_gets_a_pty_of_its_own_and_raw_output(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sleep", "1000"]);
        var ct = Timeouts.Token();
        await shim.Client.StartAsync(ct);
        var (_, stream) = await shim.Client.ExecAsync(
            new ExecRequest("t1", Process("sh", "-c", "read size; stty size; tty"), Tty: true, Stdin: true, Detach: false), ct);
        using (stream)
        {
            await shim.Client.ResizeAsync("t1", 44, 120, ct);
            await stream!.WriteAsync("x\n"u8.ToArray(), ct);
            string output = await Streams.ReadRawAsync(stream, ct);
            Assert.Contains("44 120\r\n", output);
            Assert.Contains("/dev/pts/", output);
        }
        Assert.Equal(0, (await shim.Client.ExecWaitAsync("t1", ct)).ExitCode);
        await shim.Client.KillAsync(9, all: false, ct);
        await shim.Client.WaitAsync(ct);
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task Exec_in_a_container_that_is_not_running_is_a_conflict(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["true"]);
        var ct = Timeouts.Token();
        var error = await Assert.ThrowsAsync<WharfException>(() =>
            shim.Client.ExecAsync(new ExecRequest("e1", Process("true"), false, false, true), ct));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        // The wait is connected before the start: a shim whose container has exited and that has no
        // client left lingers only briefly, and a loaded machine may be slower than that.
        var exited = shim.Client.WaitAsync(ct);
        await shim.Client.StartAsync(ct);
        await exited;
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task A_missing_executable_in_an_exec_is_the_runtimes_error(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sleep", "1000"]);
        var ct = Timeouts.Token();
        await shim.Client.StartAsync(ct);
        var error = await Assert.ThrowsAsync<WharfException>(() =>
            shim.Client.ExecAsync(new ExecRequest("bad", Process("no-such-program"), false, false, false), ct));
        Assert.True(error.Message.Contains("executable file not found", StringComparison.Ordinal) ||
            error.Message.Contains("no such file", StringComparison.OrdinalIgnoreCase), error.Message);
        await shim.Client.KillAsync(9, all: false, ct);
        await shim.Client.WaitAsync(ct);
    }
}
