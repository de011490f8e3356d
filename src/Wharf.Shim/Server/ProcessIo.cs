using Microsoft.Win32.SafeHandles;
using Wharf.Linux.Interop;

namespace Wharf.Shim.Server;

/// <summary>
/// The stdio of one container process (the init or an exec) as the shim holds it: what the
/// runtime gets as its fds 0-2 (the process inherits them, or they are irrelevant with a pty),
/// the pumps that carry output to its <see cref="OutputBroadcast"/>, and its stdin.
/// Lifecycle: made before the runtime runs; <see cref="ReleaseChildEnds"/> once it was spawned;
/// <see cref="OnRuntimeStarted"/> after it succeeded; <see cref="DrainAsync"/> after the
/// process exited; <see cref="Dispose"/> at the end.
/// </summary>
internal abstract class ProcessIo : ProcessStdio, IDisposable
{
    private readonly List<Task> _pumps = [];
    private readonly int _stopRead, _stopWrite;
    private readonly List<int> _childEnds = [];

    protected ProcessIo(OutputBroadcast output, StdinSink? stdin)
    {
        Output = output;
        Stdin = stdin;
        (_stopRead, _stopWrite) = Pipe();
    }

    public OutputBroadcast Output { get; }

    public StdinSink? Stdin { get; }

    public override void ReleaseChildEnds()
    {
        foreach (int fd in _childEnds) Libc.Close(fd);
        _childEnds.Clear();
    }

    /// <summary>The runtime succeeded: take over what it handed us (the pty master).</summary>
    public virtual void OnRuntimeStarted() { }

    /// <summary>Sets the pty's window size; nothing without a pty.</summary>
    public virtual void Resize(ushort height, ushort width) { }

    /// <summary>
    /// After the process exited: waits for its output to end, at most <paramref name="grace"/>
    /// (a process it left behind may hold the pipe open), then stops reading.
    /// </summary>
    public async Task DrainAsync(TimeSpan grace)
    {
        var all = Task.WhenAll(_pumps);
        try
        {
            await all.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            StopPumps();
            await all.ConfigureAwait(false);
        }
    }

    /// <summary>Makes the stop pipe readable: every pump's poll returns and it ends.</summary>
    private unsafe void StopPumps()
    {
        byte stop = 1;
        Libc.Write(_stopWrite, &stop, 1);
    }

    protected int ChildEnd(int fd)
    {
        _childEnds.Add(fd);
        return fd;
    }

    protected void Pump(SafeFileHandle source, StdStream stream) => _pumps.Add(OutputPump.Start(source, stream, Output, _stopRead));

    protected static unsafe (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Libc.Check(Libc.Pipe2(fds, Libc.O_CLOEXEC), "pipe2");
        return (fds[0], fds[1]);
    }

    protected static int DevNull() => Libc.Check(Libc.Open("/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC, 0), "open", "/dev/null");

    public virtual void Dispose()
    {
        ReleaseChildEnds();
        Stdin?.Close();
        // Pumps still running (only after a failed drain) keep their descriptor alive through its SafeHandle.
        StopPumps();
        Libc.Close(_stopWrite);
        if (_pumps.TrueForAll(p => p.IsCompleted)) Libc.Close(_stopRead);
    }
}

/// <summary>Pipes: stdin (or /dev/null), stdout and stderr, as the process inherits them from the runtime.</summary>
internal sealed class PipeIo : ProcessIo
{
    private readonly (int, int)[] _descriptors;

    public PipeIo(OutputBroadcast output, StdinSink? stdin) : base(output, stdin)
    {
        int stdinChild;
        if (stdin is not null)
        {
            var (read, write) = Pipe();
            stdinChild = read;
            stdin.Connect(new SafeFileHandle(write, ownsHandle: true), ownsHandle: true);
        }
        else
        {
            stdinChild = DevNull();
        }
        ChildEnd(stdinChild);
        var stdoutPipe = Pipe();
        var stderrPipe = Pipe();
        _descriptors = [(0, stdinChild), (1, ChildEnd(stdoutPipe.Write)), (2, ChildEnd(stderrPipe.Write))];
        Pump(new SafeFileHandle(stdoutPipe.Read, ownsHandle: true), StdStream.Stdout);
        Pump(new SafeFileHandle(stderrPipe.Read, ownsHandle: true), StdStream.Stderr);
    }

    public override IReadOnlyList<(int Child, int Parent)> Descriptors => _descriptors;
}

/// <summary>A detached exec: /dev/null for everything, no output.</summary>
internal sealed class NullIo : ProcessIo
{
    private readonly (int, int)[] _descriptors;

    public NullIo(OutputBroadcast output) : base(output, null)
    {
        int devNull = ChildEnd(DevNull());
        _descriptors = [(0, devNull), (1, devNull), (2, devNull)];
    }

    public override IReadOnlyList<(int Child, int Parent)> Descriptors => _descriptors;
}
