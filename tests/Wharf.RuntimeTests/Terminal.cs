using System.Diagnostics;
using System.Text;

namespace Wharf.RuntimeTests;

/// <summary>
/// process.terminal: the runtime makes a pty and sends its master over --console-socket. The host
/// probe (`probe console SOCKET`) is the socket's server: it receives the master by SCM_RIGHTS and
/// relays our stdin to it and its output to our stdout.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class Terminal
{
    public static TheoryData<string> Runtimes => RuntimeUnderTest.All;

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Shell_works_over_the_console_socket(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        // sun_path holds 107 bytes: the test dir is too deep for it.
        var socket = Path.Combine(Path.GetTempPath(), c.Id + ".console");
        using var console = StartConsole(socket);
        var output = new StringBuilder();
        var reader = PumpAsync(console.StandardOutput, output);
        try
        {
            await WaitForAsync(output, "ready\n", TimeSpan.FromSeconds(5));
            await c.CreateContainerAsync(c.Spec("/bin/sh").WithProcess(p => p with { Terminal = true }), socket);
            await c.ExpectSuccessAsync("start", c.Id);

            await console.StandardInput.WriteAsync("echo hello-$((6*7))\nexit\n");
            await console.StandardInput.FlushAsync();
            await WaitForAsync(output, "hello-42", TimeSpan.FromSeconds(10));
            await c.WaitForStatusAsync("stopped");
            // The shell exited, so the pty's slave side is gone and the relay ends.
            await console.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, console.ExitCode);
        }
        finally
        {
            if (!console.HasExited) console.Kill();
            await reader;
            File.Delete(socket);
        }
        await c.DeleteAndAssertNothingLeftAsync();
    }

    [KernelTheory, MemberData(nameof(Runtimes))]
    public async Task Exec_with_a_tty_works_over_the_console_socket(string runtime)
    {
        await using var c = TestContainer.New(runtime);
        await c.CreateContainerAsync(c.Spec("/bin/sleep", "300"));
        await c.ExpectSuccessAsync("start", c.Id);
        var socket = Path.Combine(Path.GetTempPath(), c.Id + ".console");
        using var console = StartConsole(socket);
        var output = new StringBuilder();
        var reader = PumpAsync(console.StandardOutput, output);
        try
        {
            await WaitForAsync(output, "ready\n", TimeSpan.FromSeconds(5));
            // Detached: runc relays a foreground exec's tty over its own stdio instead.
            await c.ExpectSuccessAsync("exec", "--detach", "--tty", "--console-socket", socket, c.Id, "/bin/sh");
            await console.StandardInput.WriteAsync("tty; echo exec-$((6*7))\nexit\n");
            await console.StandardInput.FlushAsync();
            await WaitForAsync(output, "exec-42", TimeSpan.FromSeconds(10));
            lock (output) Assert.Contains("/dev/pts/", output.ToString());
            await console.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            if (!console.HasExited) console.Kill();
            await reader;
            File.Delete(socket);
        }
        await c.DeleteAndAssertNothingLeftAsync();
    }

    static Process StartConsole(string socket)
    {
        var psi = new ProcessStartInfo(TestAssets.HostProbe)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add("console");
        psi.ArgumentList.Add(socket);
        return Process.Start(psi) ?? throw new InvalidOperationException("cannot start the console probe");
    }

    static async Task PumpAsync(StreamReader from, StringBuilder into)
    {
        var buffer = new char[1024];
        for (int n; (n = await from.ReadAsync(buffer)) > 0;)
            lock (into) into.Append(buffer, 0, n);
    }

    static async Task WaitForAsync(StringBuilder output, string text, TimeSpan timeout)
    {
        for (var clock = Stopwatch.StartNew(); ; await Task.Delay(20))
        {
            lock (output)
                if (output.ToString().Contains(text)) return;
            if (clock.Elapsed > timeout)
                lock (output)
                    throw new Xunit.Sdk.XunitException($"no \"{text.Trim()}\" on the console after {timeout.TotalSeconds}s; got: {output}");
        }
    }
}
