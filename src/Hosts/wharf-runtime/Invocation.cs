using System.CommandLine;
using System.Text.Json;
using Wharf.Core;
using Wharf.Linux;
using Wharf.Runtime;
using Wharf.Runtime.Process;
using Wharf.Runtime.State;

namespace Wharf.RuntimeHost;

/// <summary>What every command shares: the state root, the launcher, and one way to fail.</summary>
internal static class Invocation
{
    /// <summary>This binary: it is also the container's init stage.</summary>
    public static string InitBinary => Environment.ProcessPath ?? "/proc/self/exe";

    public static ContainerRuntime Runtime(ParseResult r) => new(new StateStore(r.GetValue(RuntimeCommands.Root)!));

    public static ContainerLauncher Launcher(ParseResult r) => new(new StateStore(r.GetValue(RuntimeCommands.Root)!), InitBinary);

    /// <summary>Runs a command body; an error becomes one line on stderr (and the --log file) and exit 1.</summary>
    public static int Run(ParseResult r, Func<int> body)
    {
        try
        {
            if (r.GetValue(RuntimeCommands.SystemdCgroup))
                throw WharfException.Invalid("--systemd-cgroup is not supported: cgroups are managed through cgroupfs");
            return body();
        }
        catch (Exception e) when (e is WharfException or LinuxException or IOException or UnauthorizedAccessException)
        {
            Report(r, e.Message);
            return 1;
        }
    }

    private static void Report(ParseResult r, string message)
    {
        Console.Error.WriteLine($"wharf-runtime: {message}");
        string? log = r.GetValue(RuntimeCommands.Log);
        if (string.IsNullOrEmpty(log)) return;
        try
        {
            string line = r.GetValue(RuntimeCommands.LogFormat) == "json"
                ? JsonSerializer.Serialize(new LogLine("error", message, DateTimeOffset.UtcNow.ToString("O")), HostJsonContext.Default.LogLine)
                : $"time=\"{DateTimeOffset.UtcNow:O}\" level=error msg=\"{message}\"";
            File.AppendAllText(log, line + "\n");
        }
        catch (IOException)
        {
            // the log is a courtesy; stderr already has the error
        }
    }

    public static void WritePidFile(string? path, int pid)
    {
        if (string.IsNullOrEmpty(path)) return;
        Wharf.Linux.FileSystem.AtomicFile.Write(Path.GetFullPath(path), System.Text.Encoding.ASCII.GetBytes(pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}

internal sealed record LogLine(string Level, string Msg, string Time);
