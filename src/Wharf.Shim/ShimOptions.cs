using System.Globalization;
using Wharf.Core;

namespace Wharf.Shim;

/// <summary>
/// What one wharf-shim serves: the container, its OCI bundle, the state directory the shim owns
/// (shim.sock, shim.pid, init.pid, exit.json, runtime.log, execs/), the runtime binary, and the
/// json-file log with Docker's max-size/max-file rotation (LogMaxSize 0 = unlimited).
/// </summary>
public sealed record ShimOptions
{
    public required string Id { get; init; }
    public required string BundleDirectory { get; init; }
    public required string StateDirectory { get; init; }
    public required string RuntimePath { get; init; }
    public string? RuntimeRoot { get; init; }
    public required string LogFile { get; init; }
    public long LogMaxSize { get; init; }
    public int LogMaxFiles { get; init; } = 1;
    public bool Tty { get; init; }
    public bool OpenStdin { get; init; }
    public bool StdinOnce { get; init; }

    /// <summary>The command line wharf-shim is started with (without the program name).</summary>
    public IReadOnlyList<string> ToArguments()
    {
        Validate();
        var args = new List<string>
        {
            "--id", Id, "--bundle", Path.GetFullPath(BundleDirectory), "--state-dir", Path.GetFullPath(StateDirectory),
            "--runtime", RuntimePath,
        };
        if (!string.IsNullOrEmpty(RuntimeRoot)) args.AddRange(["--runtime-root", Path.GetFullPath(RuntimeRoot)]);
        args.AddRange(["--log-file", Path.GetFullPath(LogFile)]);
        if (LogMaxSize > 0) args.AddRange(["--log-max-size", LogMaxSize.ToString(CultureInfo.InvariantCulture)]);
        if (LogMaxFiles != 1) args.AddRange(["--log-max-files", LogMaxFiles.ToString(CultureInfo.InvariantCulture)]);
        if (Tty) args.Add("--tty");
        if (OpenStdin) args.Add("--stdin");
        if (StdinOnce) args.Add("--stdin-once");
        return args;
    }

    /// <summary>Reads wharf-shim's command line; a bad one is an InvalidArgument error naming the flag.</summary>
    public static ShimOptions Parse(IReadOnlyList<string> args)
    {
        string? id = null, bundle = null, state = null, runtime = null, root = null, log = null;
        long maxSize = 0;
        int maxFiles = 1;
        bool tty = false, stdin = false, once = false;
        for (int i = 0; i < args.Count; i++)
        {
            string flag = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw WharfException.Invalid($"flag needs an argument: {flag}");
            switch (flag)
            {
                case "--id": id = Value(); break;
                case "--bundle": bundle = Value(); break;
                case "--state-dir": state = Value(); break;
                case "--runtime": runtime = Value(); break;
                case "--runtime-root": root = Value(); break;
                case "--log-file": log = Value(); break;
                case "--log-max-size": maxSize = Number(flag, Value()); break;
                case "--log-max-files": maxFiles = (int)Math.Min(int.MaxValue, Number(flag, Value())); break;
                case "--tty": tty = true; break;
                case "--stdin": stdin = true; break;
                case "--stdin-once": once = true; break;
                default: throw WharfException.Invalid($"unknown flag: {UntrustedName.Show(flag)}");
            }
        }
        var options = new ShimOptions
        {
            Id = id ?? throw Missing("--id"),
            BundleDirectory = Path.GetFullPath(bundle ?? throw Missing("--bundle")),
            StateDirectory = Path.GetFullPath(state ?? throw Missing("--state-dir")),
            RuntimePath = runtime ?? throw Missing("--runtime"),
            RuntimeRoot = string.IsNullOrEmpty(root) ? null : Path.GetFullPath(root),
            LogFile = Path.GetFullPath(log ?? throw Missing("--log-file")),
            LogMaxSize = maxSize,
            LogMaxFiles = maxFiles,
            Tty = tty,
            OpenStdin = stdin,
            StdinOnce = once,
        };
        options.Validate();
        return options;
    }

    private void Validate()
    {
        if (!IsValidId(Id)) throw WharfException.Invalid($"invalid container id: {UntrustedName.Show(Id)}");
        if (LogMaxSize < 0) throw WharfException.Invalid("--log-max-size must not be negative");
        if (LogMaxFiles < 1) throw WharfException.Invalid("max-file cannot be less than 1");
        foreach (var (name, value) in new[] { ("bundle", BundleDirectory), ("state-dir", StateDirectory), ("runtime", RuntimePath), ("log-file", LogFile) })
            if (string.IsNullOrWhiteSpace(value)) throw WharfException.Invalid($"--{name} is empty");
    }

    /// <summary>runc's rule for container ids: letters, digits and _+-. (not starting with one of the last).</summary>
    internal static bool IsValidId(string id) =>
        id.Length is > 0 and <= 1024 && char.IsAsciiLetterOrDigit(id[0]) &&
        id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.');

    private static long Number(string flag, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n)
            ? n
            : throw WharfException.Invalid($"{flag}: not a number: {UntrustedName.Show(value)}");

    private static WharfException Missing(string flag) => WharfException.Invalid($"missing required flag {flag}");
}
