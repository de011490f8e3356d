using System.Diagnostics;

namespace Wharf.RuntimeTests;

/// <summary>
/// An OCI runtime binary driven through runc's command line: runc itself, or wharf-runtime.
/// Every test is a theory over <see cref="All"/>, so each check runs against both.
/// </summary>
public sealed class RuntimeUnderTest
{
    public const string Runc = "runc";
    public const string WharfRuntime = "wharf-runtime";

    RuntimeUnderTest(string name, string path) => (Name, Path) = (name, path);

    public string Name { get; }
    public string Path { get; }

    /// <summary>The runtimes to test: both, or the one named by WHARF_RUNTIMETESTS_ONLY.</summary>
    public static IEnumerable<string> Names
    {
        get
        {
            var only = Environment.GetEnvironmentVariable("WHARF_RUNTIMETESTS_ONLY");
            return new[] { Runc, WharfRuntime }.Where(name => string.IsNullOrEmpty(only) || only == name);
        }
    }

    /// <summary><see cref="Names"/> as theory data.</summary>
    public static TheoryData<string> All => new(Names);

    public static string RuncPath => FindOnPath("runc") ?? "/usr/sbin/runc";

    public static string WharfRuntimePath =>
        Environment.GetEnvironmentVariable("WHARF_RUNTIME") is { Length: > 0 } path
            ? path
            : System.IO.Path.Combine(TestAssets.RepoRoot, "out", "wharf-runtime", "wharf-runtime");

    /// <summary>The runtime called <paramref name="name"/>; fails the test when its binary is missing.</summary>
    public static RuntimeUnderTest Get(string name)
    {
        var path = name switch
        {
            Runc => RuncPath,
            WharfRuntime => WharfRuntimePath,
            _ => throw new ArgumentException($"unknown runtime {name}", nameof(name)),
        };
        if (!File.Exists(path))
        {
            Assert.Fail(name == WharfRuntime
                ? $"wharf-runtime not built at {path} (run scripts/build.sh, or set WHARF_RUNTIMETESTS_ONLY=runc)"
                : $"runc not found at {path}");
        }
        return new RuntimeUnderTest(name, path);
    }

    /// <summary>
    /// Runs `RUNTIME --root STATEROOT ARGS...` with stdin from /dev/null and stdout/stderr in files
    /// under <paramref name="scratch"/>. Files, not pipes: a container started by `create` inherits
    /// them and would otherwise hold the pipe open long after the runtime exits.
    /// </summary>
    public async Task<RuntimeResult> ExecAsync(string stateRoot, string scratch, TimeSpan timeout, IEnumerable<string> args)
    {
        var argv = new List<string> { "--root", stateRoot };
        argv.AddRange(args);
        var n = Interlocked.Increment(ref _calls);
        var outFile = System.IO.Path.Combine(scratch, $"{n:D3}-{argv[2]}.out");
        var errFile = System.IO.Path.Combine(scratch, $"{n:D3}-{argv[2]}.err");

        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var a in new[] { "-c", "o=$1 e=$2; shift 2; exec \"$@\" </dev/null >\"$o\" 2>\"$e\"", "sh", outFile, errFile, Path })
            psi.ArgumentList.Add(a);
        foreach (var a in argv)
            psi.ArgumentList.Add(a);

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {Path}");
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException(
                $"{Name} {string.Join(' ', argv)} did not finish in {timeout.TotalSeconds}s; stderr: {ReadOrEmpty(errFile)}");
        }
        return new RuntimeResult(string.Join(' ', argv), process.ExitCode, ReadOrEmpty(outFile), ReadOrEmpty(errFile));
    }

    public override string ToString() => $"{Name} ({Path})";

    static int _calls;

    static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    static string? FindOnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/local/sbin")
            .Select(dir => System.IO.Path.Combine(dir, file))
            .FirstOrDefault(File.Exists);
}

/// <summary>What one runtime invocation did.</summary>
public sealed record RuntimeResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"`{Command}` exited {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
