using System.CommandLine;
using System.Runtime.InteropServices;
using Wharf.Linux.Interop;
using Wharf.Linux.Processes;
using Wharf.Runtime;

namespace Wharf.RuntimeHost;

internal static partial class RuntimeCommands
{
    private static Command RunCommand()
    {
        var detach = new Option<bool>("--detach", "-d") { Description = "detach from the container's process" };
        var keep = new Option<bool>("--keep") { Description = "do not delete the container after it exits" };
        var noSubreaper = new Option<bool>("--no-subreaper") { Description = "ignored" };
        var command = new Command("run", "create and start a container, wait for it and return its exit code")
            { Id, BundleDir, ConsoleSocket, PidFile, PreserveFds, NoPivot, NoNewKeyring, detach, keep, noSubreaper };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            string id = r.GetValue(Id)!;
            var bundle = Bundle.Load(r.GetValue(BundleDir)!);
            bool detached = r.GetValue(detach);
            using var signals = detached ? null : SignalForwarder.Start();
            using var console = ConsoleEndpoint.Open(r.GetValue(ConsoleSocket), bundle.Spec.Process!.Terminal, detached);
            var record = Invocation.Launcher(r).Create(id, bundle,
                new() { WaitForStart = false, ConsoleSocketFd = console.Fd, PreserveFds = r.GetValue(PreserveFds) });
            console.ReleaseChildEnd();
            Invocation.WritePidFile(r.GetValue(PidFile), record.InitPid);
            var runtime = Invocation.Runtime(r);
            runtime.RunPoststart(record);
            if (detached) return 0;

            int exitCode = WaitForeground(record.InitPid, console.LocalEnd, signals!);
            if (r.GetValue(keep)) runtime.Store.Save(record with { ExitStatus = exitCode });
            else runtime.Delete(record, force: true);
            return exitCode;
        }));
        return command;
    }

    /// <summary>Relays the terminal (if ours), passes on signals we get, and waits for the process.</summary>
    internal static int WaitForeground(int pid, int consoleLocalEnd, SignalForwarder signals)
    {
        using var relay = consoleLocalEnd >= 0 ? TerminalRelay.Start(consoleLocalEnd) : null;
        signals.ForwardTo(pid);
        int status = ChildSpawner.Wait(pid);
        relay?.Drain();
        return Libc.ExitCodeOf(status);
    }
}
