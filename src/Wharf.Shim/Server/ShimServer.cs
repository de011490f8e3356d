using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Wharf.Linux.FileSystem;
using Wharf.Linux.Interop;

namespace Wharf.Shim.Server;

/// <summary>
/// wharf-shim's main: become a child subreaper, write shim.pid, listen on shim.sock, say
/// `ready` on stdout (or `error: MESSAGE` and exit 1), then serve until the container is done
/// and the clients have gone (at most <see cref="ClientGrace"/> more).
/// </summary>
public static class ShimServer
{
    /// <summary>How long clients may keep their connections after the container is done.</summary>
    internal static readonly TimeSpan ClientGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the shim stays after its last client left, for one that comes right after
    /// (a `wait` once an attach stream ended); within <see cref="ClientGrace"/>.
    /// </summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(500);

    public static int Run(string[] args)
    {
        ShimOptions options;
        ShimLog log;
        Socket listener;
        ShimContainer container;
        ShimService service;
        IDisposable signals;
        try
        {
            // An ignored SIGCHLD (inherited from whoever started us) would make the kernel reap
            // our children itself, and their exit statuses would be lost.
            Libc.Signal(Libc.SIGCHLD, 0 /* SIG_DFL */);
            options = ShimOptions.Parse(args);
            Libc.Check(Libc.Prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl(PR_SET_CHILD_SUBREAPER)");
            if (!Directory.Exists(options.StateDirectory)) Libc.Check(Libc.Mkdir(options.StateDirectory, 0b111_000_000 /* 0700 */), "mkdir", options.StateDirectory);
            Libc.Check(Libc.Chdir("/"), "chdir", "/"); // hold no directory (or mount) busy
            log = new ShimLog(Path.Combine(options.StateDirectory, ShimFiles.ShimLog));
            var reaper = new ChildReaper();
            container = new ShimContainer(options, reaper, log);
            AtomicFile.Write(Path.Combine(options.StateDirectory, ShimFiles.ShimPid),
                Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)), durable: false);
            listener = Listen(Path.Combine(options.StateDirectory, ShimFiles.Socket));
            service = new ShimService(options, container, listener, log);
            // Before `ready`: a SIGTERM right after it must find our handler, not the default action.
            signals = service.HandleSignals();
        }
        catch (Exception e)
        {
            Say($"error: {e.Message}\n");
            return 1;
        }

        log.Info($"ready: container {options.Id}, runtime {options.RuntimePath}");
        Say("ready\n");
        ForgetStdio();
        int code = service.RunAsync().GetAwaiter().GetResult();
        signals.Dispose();
        log.Info("exiting");
        return code;
    }

    /// <summary>Binds shim.sock (0600); a live shim already answering there is an error, a stale file is replaced.</summary>
    private static Socket Listen(string path)
    {
        using var address = UnixSocketPath.For(path);
        if (File.Exists(path))
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(address.Path));
                throw new IOException($"a wharf-shim is already serving {path}");
            }
            catch (SocketException)
            {
                File.Delete(path);
            }
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // Created 0600 from the start: the umask is process-wide, but nothing else runs yet.
            uint umask = Libc.Umask(0b001_111_111 /* 0177 */);
            try
            {
                listener.Bind(new UnixDomainSocketEndPoint(address.Path));
            }
            finally
            {
                Libc.Umask(umask);
            }
            listener.Listen(64);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private static unsafe void Say(string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line);
        try
        {
            Libc.WriteAll(1, bytes);
        }
        catch (Wharf.Linux.LinuxException)
        {
            // the launcher is gone; nothing to tell
        }
    }

    /// <summary>Points stdout and stderr at /dev/null: the launcher's pipe sees end of file.</summary>
    private static void ForgetStdio()
    {
        int devNull = Libc.Open("/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC, 0);
        if (devNull < 0) return;
        Libc.Dup2(devNull, 1);
        Libc.Dup2(devNull, 2);
        Libc.Close(devNull);
    }
}

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
