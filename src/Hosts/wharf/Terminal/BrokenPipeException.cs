namespace Wharf.Cli.Terminal;

/// <summary>
/// The reader of stdout went away (`wharf save | head`). docker dies of SIGPIPE there, silently,
/// status 141; wharf ends the same way.
/// </summary>
internal sealed class BrokenPipeException(Exception inner) : IOException(inner.Message, inner)
{
    public const int EPIPE = 32;

    /// <summary>128 + SIGPIPE, what a shell reports for a process killed by it.</summary>
    public const int ExitCode = 141;
}
