using System.Runtime.InteropServices;
using Wharf.Linux.Interop;
using Wharf.Linux.Sockets;
using Wharf.Linux.Terminal;

namespace Wharf.RuntimeHost;

/// <summary>
/// For a foreground `run`/`exec` with a terminal and no console socket: receives the pty master
/// and copies our stdin to it and its output to our stdout, with our terminal in raw mode and
/// window size changes passed on.
/// </summary>
internal sealed class TerminalRelay : IDisposable
{
    private readonly int _master;
    private readonly PseudoTerminal.RawMode? _raw;
    private readonly Thread _output;
    private readonly PosixSignalRegistration? _winch;

    private TerminalRelay(int master)
    {
        _master = master;
        if (Libc.Isatty(0) == 1)
        {
            _raw = PseudoTerminal.EnterRawMode(0);
            CopyWindowSize();
            _winch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => CopyWindowSize());
        }
        _output = Pump(master, 1, "pty-output");
        Pump(0, master, "pty-input");
    }

    public static TerminalRelay Start(int localEnd)
    {
        int master = ScmRights.Receive(localEnd, stackalloc byte[64], out _);
        if (master < 0) throw new IOException("the container sent no terminal over the console socket");
        return new TerminalRelay(master);
    }

    /// <summary>Waits (briefly) for the container's last output after its process exited.</summary>
    public void Drain() => _output.Join(TimeSpan.FromSeconds(2));

    private void CopyWindowSize()
    {
        if (PseudoTerminal.TryGetSize(0, out ushort rows, out ushort columns) && rows > 0)
            PseudoTerminal.SetSize(_master, rows, columns);
    }

    private static Thread Pump(int from, int to, string name)
    {
        var thread = new Thread(() =>
        {
            byte[] buffer = new byte[16 * 1024];
            try
            {
                int n;
                while ((n = Libc.ReadSome(from, buffer)) > 0) Libc.WriteAll(to, buffer.AsSpan(0, n));
            }
            catch (Wharf.Linux.LinuxException)
            {
                // EIO once every slave descriptor closed: the container's terminal is gone.
            }
        }) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    public void Dispose()
    {
        _winch?.Dispose();
        _raw?.Dispose();
        Libc.Close(_master);
    }
}
