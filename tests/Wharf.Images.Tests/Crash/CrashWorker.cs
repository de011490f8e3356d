using System.Diagnostics;
using System.Text;

namespace Wharf.Images.Tests.Crash;

/// <summary>
/// Runs tests/image-crash-worker (built with the solution) as `dotnet image-crash-worker.dll`, to
/// completion or killed with SIGKILL at a chosen moment.
/// </summary>
internal static class CrashWorker
{
    private static readonly Lazy<string> Dll = new(FindDll);

    /// <summary>How one run ended.</summary>
    /// <param name="Finished">It printed "done" (the operation completed before any kill).</param>
    /// <param name="Ready">It printed "ready" (stores opened and recovered) before it ended.</param>
    public sealed record Outcome(bool Finished, bool Ready, bool Killed, int ExitCode, TimeSpan Elapsed, TimeSpan SinceReady, string Output);

    /// <summary>Runs to the end; fails unless it printed "done".</summary>
    public static async Task<Outcome> RunAsync(params string[] args)
    {
        var outcome = await RunAsync(args, killAfter: null, fromReady: false);
        Assert.True(outcome.Finished, $"image-crash-worker {string.Join(' ', args)} failed ({outcome.ExitCode}):\n{outcome.Output}");
        return outcome;
    }

    /// <summary>
    /// Runs and sends SIGKILL <paramref name="killAfter"/> after the start, or after "ready" when
    /// <paramref name="fromReady"/> (unless it ended first).
    /// </summary>
    public static async Task<Outcome> RunAsync(string[] args, TimeSpan? killAfter, bool fromReady)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll.Value);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var output = new StringBuilder();
        var ready = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data == "ready") ready.TrySetResult(watch.Elapsed);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool killed = false;
        TimeSpan readyAt = TimeSpan.Zero;
        if (killAfter is { } delay)
        {
            var exited = process.WaitForExitAsync();
            if (fromReady)
            {
                var first = await Task.WhenAny(ready.Task, exited);
                if (first == ready.Task) readyAt = ready.Task.Result;
            }
            if (!process.HasExited)
            {
                var remaining = delay - (watch.Elapsed - readyAt);
                if (remaining > TimeSpan.Zero) await Task.WhenAny(exited, Task.Delay(remaining));
                if (!process.HasExited)
                {
                    try
                    {
                        process.Kill(); // SIGKILL on Linux
                        killed = true;
                    }
                    catch (InvalidOperationException)
                    {
                        // exited meanwhile
                    }
                }
            }
        }
        var timeout = TimeSpan.FromSeconds(60);
        using (var cts = new CancellationTokenSource(timeout))
            await process.WaitForExitAsync(cts.Token);
        process.WaitForExit(); // drains the redirected output
        string text;
        lock (output) text = output.ToString();
        bool finished = text.Split('\n').Any(line => line.StartsWith("done", StringComparison.Ordinal));
        bool wasReady = ready.Task.IsCompletedSuccessfully;
        var sinceReady = wasReady ? watch.Elapsed - ready.Task.Result : TimeSpan.Zero;
        return new Outcome(finished, wasReady, killed && !finished, process.ExitCode, watch.Elapsed, sinceReady, text);
    }

    /// <summary>tests/image-crash-worker/bin/&lt;configuration&gt;/&lt;tfm&gt;/image-crash-worker.dll, beside this test's own output.</summary>
    private static string FindDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = output.Name, configuration = output.Parent!.Name;
        string? beside = Path.Join(output.FullName, "image-crash-worker.dll");
        if (File.Exists(beside)) return beside;
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Join(dir.FullName, "Wharf.slnx"))) continue;
            string dll = Path.Join(dir.FullName, "tests", "image-crash-worker", "bin", configuration, tfm, "image-crash-worker.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: build the solution (dotnet build Wharf.slnx)");
            return dll;
        }
        throw new InvalidOperationException($"no Wharf.slnx above {output.FullName}");
    }
}
