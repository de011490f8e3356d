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
        listener.Dispose();
        foreach (string file in new[] { ShimFiles.Socket, ShimFiles.ShimPid })
            try { File.Delete(Path.Combine(options.StateDirectory, file)); } catch (IOException) { }
        return 0;
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
