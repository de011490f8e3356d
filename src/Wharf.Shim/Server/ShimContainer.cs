using System.Text.Json;
using Wharf.Core;
using Wharf.Linux.FileSystem;
using Wharf.Linux.Interop;
using Wharf.Shim.Logs;
using Wharf.Shim.Protocol;

namespace Wharf.Shim.Server;

/// <summary>
/// The container as its shim sees it: created (waiting for start, so clients can attach first),
/// running (the init reparented to us), then exited — or failed to start. Owns the init's
/// stdio and log, its exit record, and the execs (<see cref="ShimContainer"/>.Exec.cs).
/// </summary>
internal sealed partial class ShimContainer
{
    /// <summary>How long output may keep coming after a process exited (a grandchild may hold the pipe).</summary>
    internal static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    private enum Phase { Created, Starting, Running, Exited, Failed }

    private readonly object _gate = new();
    private readonly ShimOptions _options;
    private readonly ChildReaper _reaper;
    private readonly IContainerRuntime _runtime;
    private readonly ShimLog _log;
    private readonly JsonLogWriter _logWriter;
    private readonly TaskCompletionSource<ExitStatus> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Phase _phase;
    private int _pid;
    private ExitStatus? _exit;
    private ProcessIo? _initIo;

    public ShimContainer(ShimOptions options, ChildReaper reaper, IContainerRuntime runtime, ShimLog log)
    {
        _options = options;
        _reaper = reaper;
        _log = log;
        _runtime = runtime;
        _logWriter = new JsonLogWriter(options.LogFile, options.LogMaxSize, options.LogMaxFiles, onError: log.Error);
        InitOutput = new OutputBroadcast(options.Tty, _logWriter);
        InitStdin = options.OpenStdin ? new StdinSink() : null;
    }

    public OutputBroadcast InitOutput { get; }

    public StdinSink? InitStdin { get; }

    /// <summary>Completes once the container is done with: its exit recorded, or its start failed.</summary>
    public Task Finished => _finished.Task;

    /// <summary>True before start: nothing runs, so the shim may simply go away.</summary>
    public bool NeverStarted
    {
        get { lock (_gate) return _phase == Phase.Created; }
    }

    public async Task<int> StartAsync()
    {
        lock (_gate)
        {
            if (_phase != Phase.Created)
                throw WharfException.Conflict(_phase is Phase.Starting or Phase.Running ? "container is already started" : "container has already run");
            _phase = Phase.Starting;
        }
        ProcessIo? io = null;
        Task<ChildExit> exit;
        int pid;
        try
        {
            io = _options.Tty
                ? new TerminalIo(InitOutput, InitStdin, Path.Combine(_options.StateDirectory, ShimFiles.ConsoleSocket))
                : new PipeIo(InitOutput, InitStdin);
            _initIo = io;
            pid = await _runtime.RunAsync(io).ConfigureAwait(false);
            exit = Adopt(pid, io);
        }
        catch (Exception e) when (e is WharfException or Wharf.Linux.LinuxException or IOException)
        {
            _log.Error($"start failed: {e.Message}");
            await FailStartAsync(io, e.Message).ConfigureAwait(false);
            throw e as WharfException ?? new WharfException(ErrorKind.Internal, e.Message, e);
        }
        lock (_gate)
        {
            _phase = Phase.Running;
            _pid = pid;
        }
        _log.Info($"started: init pid {pid}");
        _ = MonitorInitAsync(io, exit);
        return pid;
    }

    public Task<ExitStatus> WaitAsync() => _exited.Task;

    public async Task KillAsync(int signal, bool all)
    {
        if (signal is < 1 or > 64) throw WharfException.Invalid($"invalid signal: {signal}");
        int pid = RunningPid();
        if (all)
        {
            await _runtime.KillAllAsync(signal).ConfigureAwait(false);
            return;
        }
        // Direct kill(2) is safe: the init is our child, its pid cannot be reused before we reap it.
        if (!_reaper.Signal(pid, signal)) throw NotRunning();
    }

    public void Resize(string? execId, int height, int width)
    {
        if (height is < 0 or > ushort.MaxValue || width is < 0 or > ushort.MaxValue)
            throw WharfException.Invalid($"invalid terminal size {height}x{width}");
        if (execId is null)
        {
            RunningPid();
            _initIo?.Resize((ushort)height, (ushort)width);
            return;
        }
        FindExec(execId).Io.Resize((ushort)height, (ushort)width);
    }

    public ShimReply State()
    {
        lock (_gate)
        {
            var state = new ShimReply { Ok = true, Pid = _pid, Running = _phase == Phase.Running };
            if (_exit is not { } exit) return state;
            return state with { ExitCode = exit.ExitCode, OomKilled = exit.OomKilled, ExitedAt = exit.ExitedAt };
        }
    }

    public Task PauseAsync()
    {
        RunningPid();
        return _runtime.PauseAsync();
    }

    public Task ResumeAsync()
    {
        RunningPid();
        return _runtime.ResumeAsync();
    }

    private int RunningPid()
    {
        lock (_gate) return _phase == Phase.Running ? _pid : throw NotRunning();
    }

    private static WharfException NotRunning() => WharfException.Conflict("container is not running");

    /// <summary>
    /// The init exited: drain its output, record the exit (exit.json first, so a dead daemon
    /// learns it later), delete the container from the runtime, then tell waiters and clients.
    /// </summary>
    /// <summary>
    /// Takes a process the runtime just started as ours to reap, then lets its stdio start flowing; a process
    /// whose stdio cannot be set up is killed (it would run with nobody reading it).
    /// </summary>
    private Task<ChildExit> Adopt(int pid, ProcessIo io)
    {
        var exit = _reaper.Adopt(pid);
        try
        {
            io.OnRuntimeStarted();
        }
        catch
        {
            _reaper.Signal(pid, Libc.SIGKILL);
            throw;
        }
        return exit;
    }

    private async Task MonitorInitAsync(ProcessIo io, Task<ChildExit> exit)
    {
        var (status, exitedAt) = await exit.ConfigureAwait(false);
        try
        {
            InitStdin?.Close();
            await io.DrainAsync(DrainGrace).ConfigureAwait(false);
            _logWriter.Dispose();
            bool oomKilled = await _runtime.OomKilledAsync().ConfigureAwait(false);
            var record = new ExitStatus(Libc.ExitCodeOf(status), oomKilled, exitedAt);
            _log.Info($"init exited: code {record.ExitCode}{(oomKilled ? ", OOM-killed" : "")}");
            try
            {
                AtomicFile.Write(Path.Combine(_options.StateDirectory, ShimFiles.Exit),
                    JsonSerializer.SerializeToUtf8Bytes(record, ShimJsonContext.Default.ExitStatus), durable: false);
            }
            catch (IOException e)
            {
                _log.Error($"writing {ShimFiles.Exit}: {e.Message}");
            }
            await DeleteFromRuntimeAsync().ConfigureAwait(false);
            Exited(record);
        }
        catch (Exception e)
        {
            _log.Error($"recording the exit failed: {e}");
            Exited(new ExitStatus(Libc.ExitCodeOf(status), false, exitedAt));
        }
        finally
        {
            InitOutput.End();
            io.Dispose();
            _finished.TrySetResult();
        }
    }

    private void Exited(ExitStatus exit)
    {
        lock (_gate)
        {
            if (_exit is not null) return;
            (_phase, _exit) = (Phase.Exited, exit);
        }
        _exited.TrySetResult(exit);
    }

    private async Task FailStartAsync(ProcessIo? io, string message)
    {
        InitStdin?.Close();
        if (io is not null)
        {
            io.ReleaseChildEnds();
            await io.DrainAsync(DrainGrace).ConfigureAwait(false);
        }
        await DeleteFromRuntimeAsync().ConfigureAwait(false);
        _logWriter.Dispose();
        lock (_gate) _phase = Phase.Failed;
        _exited.TrySetException(new WharfException(ErrorKind.Internal, message));
        _ = _exited.Task.Exception; // observed: waiters get it through their reply
        InitOutput.End();
        io?.Dispose();
        _finished.TrySetResult();
    }

    private async Task DeleteFromRuntimeAsync()
    {
        try
        {
            await _runtime.DeleteAsync().ConfigureAwait(false);
        }
        catch (WharfException e)
        {
            _log.Info($"runtime delete: {e.Message}");
        }
    }
}
