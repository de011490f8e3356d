using System.Runtime.InteropServices;
using Wharf.Cli;
using Wharf.Cli.Terminal;

// SIGINT/SIGTERM cancel the running command (docker exits 128+signal); a second one ends the
// process at once. Either way the terminal is put back first. While a container runs attached
// with --sig-proxy, they go to the container instead (SignalProxy).
var console = CliConsole.FromProcess();
using var cancel = new CancellationTokenSource();
int signalled = 0;
void OnSignal(PosixSignalContext context)
{
    if (SignalProxy.TryForward(context.Signal))
    {
        context.Cancel = true; // docker run's --sig-proxy: the container gets it, the CLI carries on
        return;
    }
    TerminalRestore.Now();
    if (Interlocked.Exchange(ref signalled, 128 + (context.Signal == PosixSignal.SIGINT ? 2 : 15)) != 0) return;
    context.Cancel = true;
    cancel.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

int code;
try
{
    code = await CliApp.RunAsync(args, console, cancel.Token);
}
finally
{
    TerminalRestore.Now();
    try
    {
        console.Flush();
    }
    catch (IOException)
    {
        // stdout was closed early (wharf ... | head): nothing left to tell anyone
    }
}
return signalled != 0 ? signalled : code;
