using System.Runtime.InteropServices;
using Wharf.Linux.Interop;

namespace Wharf.RuntimeHost;

/// <summary>
/// Passes the signals a foreground `run`/`exec` receives on to the container's process, as
/// runc does. Setting up .NET's signal handling costs milliseconds, so it starts on a
/// background thread at once and overlaps the container's setup; a signal that arrives before
/// the target is known is passed on as soon as it is.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] Forwarded =
        [(PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGQUIT, 3), (PosixSignal.SIGHUP, 1)];

    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Thread _setup;
    private readonly object _gate = new();
    private readonly Queue<int> _early = new();
    private int _target;

    private SignalForwarder()
    {
        _setup = new Thread(Register) { IsBackground = true, Name = "signal-forwarder" };
        _setup.Start();
    }

    public static SignalForwarder Start() => new();

    /// <summary>From now on signals go to <paramref name="pid"/>, with any that came early.</summary>
    public void ForwardTo(int pid)
    {
        lock (_gate)
        {
            _target = pid;
            while (_early.TryDequeue(out int signal)) Libc.Kill(pid, signal);
        }
    }

    private void Register()
    {
        foreach (var (signal, number) in Forwarded)
        {
            var registration = PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                lock (_gate)
                {
                    if (_target > 0) Libc.Kill(_target, number);
                    else _early.Enqueue(number);
                }
            });
            lock (_registrations) _registrations.Add(registration);
        }
    }

    public void Dispose()
    {
        lock (_registrations)
        {
            foreach (var registration in _registrations) registration.Dispose();
            _registrations.Clear();
        }
    }
}
