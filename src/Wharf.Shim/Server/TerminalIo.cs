using Microsoft.Win32.SafeHandles;
using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Linux.Sockets;
using Wharf.Linux.Terminal;

namespace Wharf.Shim.Server;

/// <summary>
/// A pty: we listen on a console socket, the runtime creates the pty in the container and sends
/// us its master over SCM_RIGHTS. The master carries all output (as "stdout", raw) and stdin,
/// and takes resizes. The runtime's own fds are /dev/null and a pipe that captures its stderr.
/// </summary>
internal sealed class TerminalIo : ProcessIo
{
    private static readonly TimeSpan ConsoleTimeout = TimeSpan.FromSeconds(10);

    private readonly string _socketFile;
    private readonly UnixSocketPath _socketPath;
    private readonly (int, int)[] _descriptors;
    private readonly Task<string> _stderr;
    private int _listener;
    private SafeFileHandle? _master;

    public TerminalIo(OutputBroadcast output, StdinSink? stdin, string socketFile) : base(output, stdin)
    {
        _socketFile = socketFile;
        // The runtime connects to this path, so a shortened one must name our pid, not "self".
        _socketPath = UnixSocketPath.For(socketFile, forOtherProcess: true);
        _listener = ScmRights.Listen(_socketPath.Path, backlog: 1);
        Libc.Chmod(_socketPath.Path, 0b110_000_000 /* 0600 */);
        int devNull = ChildEnd(DevNull());
        var (read, write) = Pipe();
        _descriptors = [(0, devNull), (1, devNull), (2, ChildEnd(write))];
        _stderr = OciRuntime.CaptureAsync(read);
    }

    public override IReadOnlyList<(int Child, int Parent)> Descriptors => _descriptors;

    public override string? ConsoleSocket => _socketPath.Path;

    public override Task<string> CapturedErrorAsync() => OciRuntime.WithGrace(_stderr);

    public override void OnRuntimeStarted()
    {
        int connection = ScmRights.Accept(_listener, ConsoleTimeout);
        if (connection < 0) throw new WharfException(ErrorKind.Internal, "the runtime sent no terminal to the console socket");
        int master;
        try
        {
            if (!ScmRights.WaitReadable(connection, ConsoleTimeout))
                throw new WharfException(ErrorKind.Internal, "the runtime connected to the console socket but sent no terminal");
            master = ScmRights.Receive(connection, stackalloc byte[256], out _);
        }
        finally
        {
            Libc.Close(connection);
            CloseListener();
        }
        if (master < 0) throw new WharfException(ErrorKind.Internal, "the runtime sent no terminal over the console socket");
        _master = new SafeFileHandle(master, ownsHandle: true);
        Stdin?.Connect(_master, ownsHandle: false);
        Pump(_master, StdStream.Stdout);
    }

    public override void Resize(ushort height, ushort width)
    {
        var master = _master;
        if (master is null) return;
        bool added = false;
        try
        {
            master.DangerousAddRef(ref added);
            PseudoTerminal.SetSize((int)master.DangerousGetHandle(), height, width);
        }
        catch (ObjectDisposedException)
        {
            // the process is gone: nothing to resize
        }
        finally
        {
            if (added) master.DangerousRelease();
        }
    }

    private void CloseListener()
    {
        if (_listener < 0) return;
        Libc.Close(_listener);
        _listener = -1;
        try { File.Delete(_socketFile); } catch (IOException) { }
        _socketPath.Dispose();
    }

    public override void Dispose()
    {
        base.Dispose();
        CloseListener();
        _master?.Dispose();
    }
}
