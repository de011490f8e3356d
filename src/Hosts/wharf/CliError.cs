namespace Wharf.Cli;

/// <summary>
/// A command's failure as the user sees it: one message on stderr (none when empty) and the exit
/// code (docker/cli's StatusError). 125 is a usage error of run-style commands, 1 the default.
/// </summary>
internal sealed class CliError(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
