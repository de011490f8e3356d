using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Wharf.Shim.Server;

/// <summary>The running shim: accepts connections, and decides when to exit.</summary>
internal sealed partial class ShimService(ShimOptions options, ShimContainer container, Socket listener, ShimLog log)
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _stop = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _idle;
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;
    private volatile bool _closing;

    public async Task<int> RunAsync()
    {
        _ = AcceptAsync();
        await Task.WhenAny(container.Finished, _stop.Task).ConfigureAwait(false);
        await LetClientsFinishAsync().ConfigureAwait(false);
        _closing = true;
        // Removed only while they are still this shim's: a restart may already have started the next shim in
        // the same state directory (it binds its own shim.sock and writes its own shim.pid while this one lingers).
        string socket = Path.Combine(options.StateDirectory, ShimFiles.Socket);
        string pidFile = Path.Combine(options.StateDirectory, ShimFiles.ShimPid);
        bool socketIsOurs = _socketInode is ulong bound && InodeOf(socket) == bound; // checked while the bound socket still holds its inode
        // .NET unlinks a Unix socket's bound path when the socket is disposed, whoever's file is
        // there now: a successor's listener is left alone, and its fd closes as the process exits.
        if (socketIsOurs)
        {
            listener.Dispose();
            TryDelete(socket);
        }
        if (ReadPid(pidFile) == Environment.ProcessId) TryDelete(pidFile);
        return 0;
    }

    private readonly ulong? _socketInode = InodeOf(Path.Combine(options.StateDirectory, ShimFiles.Socket));

    private static ulong? InodeOf(string path)
    {
        try
        {
            return Wharf.Linux.Interop.Libc.TryLStatAt(Wharf.Linux.Interop.Libc.AT_FDCWD, path, out var stat) ? stat.Ino : null;
        }
        catch (Wharf.Linux.LinuxException)
        {
            return null;
        }
    }

    private static int? ReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    /// <summary>
    /// Waits until no client is connected and none came for <see cref="ShimServer.Linger"/>,
    /// but never longer than <see cref="ShimServer.ClientGrace"/> in all.
    /// </summary>
    private async Task LetClientsFinishAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var left = ShimServer.ClientGrace - clock.Elapsed;
            try
            {
                await WhenNoClientsAsync().WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                log.Info($"{_connections} client connection(s) still open after {ShimServer.ClientGrace.TotalSeconds:0}s: exiting anyway");
                return;
            }
            Task arrival;
            lock (_gate) arrival = _arrival.Task;
            left = ShimServer.ClientGrace - clock.Elapsed;
            var quiet = Task.Delay(left < ShimServer.Linger ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : ShimServer.Linger);
            if (await Task.WhenAny(arrival, quiet).ConfigureAwait(false) != arrival) return;
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                if (_closing) return;
                log.Error($"accept: {e.Message}");
                continue;
            }
            TaskCompletionSource arrival;
            lock (_gate)
            {
                _connections++;
                (arrival, _arrival) = (_arrival, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }
            arrival.TrySetResult();
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            await HandleAsync(client).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.Error($"connection: {e.Message}");
        }
        finally
        {
            client.Dispose();
            TaskCompletionSource? idle = null;
            lock (_gate)
            {
                if (--_connections == 0) (idle, _idle) = (_idle, null);
            }
            idle?.TrySetResult();
        }
    }

    private Task WhenNoClientsAsync()
    {
        lock (_gate)
        {
            if (_connections == 0) return Task.CompletedTask;
            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>
    /// SIGTERM/SIGINT end a shim whose container never started (the daemon gave it up); while
    /// the container runs they are ignored — the shim must outlive whatever sent them, or the
    /// container loses its reaper and its log. SIGHUP is always ignored.
    /// </summary>
    public IDisposable HandleSignals()
    {
        var registrations = new List<PosixSignalRegistration>();
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (context.Signal == PosixSignal.SIGHUP) return;
                if (container.NeverStarted || container.Finished.IsCompleted)
                {
                    log.Info($"{context.Signal}: exiting");
                    _stop.TrySetResult();
                }
                else
                {
                    log.Info($"{context.Signal} ignored: the container is running");
                }
            }));
        }
        return new Registrations(registrations);
    }

    private sealed class Registrations(List<PosixSignalRegistration> all) : IDisposable
    {
        public void Dispose() => all.ForEach(r => r.Dispose());
    }
}
