using System.Diagnostics;

namespace Wharf.Cli.Tests;

/// <summary>Runs the CLI in-process (captured streams) or as the built binary.</summary>
internal static class CliRun
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result InProcess(string[] args, Dictionary<string, string>? environment = null, int width = 80)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, name => environment is not null && environment.TryGetValue(name, out string? v) ? v : null)
        {
            Width = width,
        };
        int code = CliApp.RunAsync(args, console).GetAwaiter().GetResult();
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>The binary under test: $WHARF_CLI (e.g. the NativeAOT out/wharf/wharf), else the build beside the tests.</summary>
    public static string Binary =>
        Environment.GetEnvironmentVariable("WHARF_CLI") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "wharf");

    public static Result Process(string[] args, Dictionary<string, string>? environment = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("WHARF_HOST");
        if (environment is not null)
            foreach ((string key, string value) in environment) start.Environment[key] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wharf {string.Join(' ', args)} did not finish");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
