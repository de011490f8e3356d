using Wharf.Linux.Interop;
using Wharf.Linux.Terminal;

namespace Wharf.Cli.Terminal;

/// <summary>
/// A terminal in raw mode for an interactive session (docker's SetRawTerminal on stdin): keys go
/// to the container unprocessed, ctrl-c included. Disposing (or <see cref="TerminalRestore"/>)
/// restores the saved settings exactly once.
/// </summary>
internal sealed class RawTerminal : IDisposable
{
    /// <summary>Docker's escape hatch: with NORAW set the terminal is left as it is.</summary>
    public const string NoRawVariable = "NORAW";

    private PseudoTerminal.RawMode? _mode;
    private readonly object _gate = new();

    private RawTerminal(int fd)
    {
        Fd = fd;
        _mode = PseudoTerminal.EnterRawMode(fd);
        TerminalRestore.Register(this);
    }

    public int Fd { get; }

    /// <summary>Raw mode on <paramref name="fd"/> if it is a terminal (and NORAW is unset); null otherwise.</summary>
    public static RawTerminal? Enter(int fd, Func<string, string?> environment)
    {
        if (Libc.Isatty(fd) != 1 || !string.IsNullOrEmpty(environment(NoRawVariable))) return null;
        return new RawTerminal(fd);
    }

    public void Restore()
    {
        lock (_gate)
        {
            _mode?.Dispose();
            _mode = null;
        }
    }

    public void Dispose()
    {
        Restore();
        TerminalRestore.Unregister(this);
    }
}
