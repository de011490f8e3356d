using System.Runtime.InteropServices;
using Wharf.Api;

namespace Wharf.Cli.Terminal;

/// <summary>
/// docker's --sig-proxy (ForwardAllSignals): while a container runs attached, the signals the CLI
/// receives are sent to it (POST /containers/ID/kill?signal=NAME) instead of acting on the CLI.
/// SIGINT and SIGTERM reach the CLI's own handler first (Program), which asks
/// <see cref="TryForward"/>; the others are caught here for the proxy's lifetime.
/// </summary>
internal sealed class SignalProxy : IDisposable
{
    // The signals a user or a supervisor sends by hand. SIGCHLD, SIGPIPE and SIGURG are never
    // forwarded (docker skips them too); SIGWINCH drives the terminal's resize instead.
    private static readonly int[] CaughtHere = [1, 3, 10, 12, 14]; // HUP QUIT USR1 USR2 ALRM

    private static SignalProxy? _active;

    private readonly Action<string> _send;
    private readonly List<PosixSignalRegistration> _registrations = [];

    private SignalProxy(Action<string> send) => _send = send;

    /// <summary>Forwards signals through <paramref name="kill"/> (given the signal's name, "INT") until disposed.</summary>
    public static SignalProxy Start(Func<string, Task> kill)
    {
        var proxy = new SignalProxy(name => _ = SendAsync(kill, name));
        foreach (int signal in CaughtHere)
        {
            proxy._registrations.Add(PosixSignalRegistration.Create((PosixSignal)signal, context =>
            {
                context.Cancel = true;
                proxy._send(SignalNames.Name(signal));
            }));
        }
        _active = proxy;
        return proxy;
    }

    /// <summary>Called by the CLI's SIGINT/SIGTERM handler: true when a proxy took the signal.</summary>
    public static bool TryForward(PosixSignal signal)
    {
        if (_active is not SignalProxy proxy) return false;
        proxy._send(signal switch
        {
            PosixSignal.SIGINT => "INT",
            PosixSignal.SIGTERM => "TERM",
            PosixSignal.SIGQUIT => "QUIT",
            PosixSignal.SIGHUP => "HUP",
            _ => SignalNames.Name((int)signal),
        });
        return true;
    }

    private static async Task SendAsync(Func<string, Task> kill, string name)
    {
        try
        {
            await kill(name).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliError or Connection.DaemonError or HttpRequestException or IOException or OperationCanceledException)
        {
            // docker logs this at debug level: the container may have exited meanwhile
        }
    }

    public void Dispose()
    {
        Interlocked.CompareExchange(ref _active, null, this);
        foreach (PosixSignalRegistration registration in _registrations) registration.Dispose();
    }
}
