using System.Diagnostics;
using Xunit;

namespace Wharf.Testing;

/// <summary>What a command printed and how it exited.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The command line, for messages.</summary>
    public string Command { get; init; } = "";

    public override string ToString() => $"{Command}: exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";

    /// <summary>Asserts exit 0 and returns this, for chaining.</summary>
    public CommandResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"command failed: {this}");
        return this;
    }

    /// <summary>
    /// Runs a program with stdin from /dev/null (or <paramref name="stdin"/>), killing it and its
    /// children at the timeout (60 s unless given).
    /// </summary>
    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null, string? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        if (environment is not null) foreach (var (key, value) in environment) start.Environment[key] = value;
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        string command = $"{Path.GetFileName(file)} {string.Join(' ', start.ArgumentList)}";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(60);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            throw new TimeoutException($"{command} did not finish in {limit.TotalSeconds} s");
        }
        return new CommandResult(process.ExitCode, await stdout, await stderr) { Command = command };
    }
}
