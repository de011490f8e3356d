using System.Runtime.InteropServices;
using Wharf.Linux.Terminal;

namespace Wharf.Cli.Terminal;

/// <summary>A terminal's size in character cells.</summary>
internal readonly record struct TerminalSize(int Rows, int Columns)
{
    public static TerminalSize? Of(int fd) =>
        PseudoTerminal.TryGetSize(fd, out ushort rows, out ushort columns) && rows > 0 && columns > 0
            ? new TerminalSize(rows, columns)
            : null;
}

/// <summary>
/// Calls back with the new size of a terminal whenever it changes (SIGWINCH), as docker's
/// monitorTtySize does to resize the container's pty.
/// </summary>
internal sealed class WindowResizeWatcher : IDisposable
{
    private readonly PosixSignalRegistration _registration;

    public WindowResizeWatcher(int fd, Action<TerminalSize> resized)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
        {
            context.Cancel = true;
            if (TerminalSize.Of(fd) is TerminalSize size) resized(size);
        });
    }

    public void Dispose() => _registration.Dispose();
}
