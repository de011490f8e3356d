using Wharf.Cli.Connection;

namespace Wharf.Cli;

/// <summary>
/// The CLI's exit-code table for commands that run a program (docker run, create, start -a):
/// docker/cli's toStatusError. "executable file not found" / "no such file or directory" → 127,
/// "permission denied" / "is a directory" → 126, any other failure → 125; the message is
/// "wharf: &lt;error&gt;" with a pointer to the command's help. Other commands exit 1.
/// </summary>
internal static class RunErrors
{
    public static CliError ToStatus(Exception error, string commandName = "run")
    {
        string message = error switch
        {
            DaemonError daemon => daemon.Display,
            _ => error.Message,
        };
        int code =
            message.Contains("executable file not found", StringComparison.Ordinal)
            || message.Contains("no such file or directory", StringComparison.Ordinal)
            || message.Contains("system cannot find the file specified", StringComparison.Ordinal) ? 127
            : message.Contains("permission denied", StringComparison.Ordinal)
            || message.Contains("is a directory", StringComparison.Ordinal) ? 126
            : 125;
        return new CliError($"wharf: {message}\n\nRun 'wharf {commandName} --help' for more information", code);
    }

    /// <summary>docker's withHelp: a usage problem of run or create, exit 125.</summary>
    public static CliError WithHelp(string message, string commandName) =>
        new($"wharf: {message}\n\nRun 'wharf {commandName} --help' for more information", 125);
}
