using System.CommandLine;
using Wharf.Runtime;
using Wharf.Runtime.State;

namespace Wharf.RuntimeHost;

/// <summary>runc's command line: the same verbs and flags, so the two can be swapped.</summary>
internal static partial class RuntimeCommands
{
    internal static readonly Option<string> Root = new("--root")
    {
        Description = "root directory for storage of container state",
        DefaultValueFactory = _ => StateStore.DefaultRoot,
        Recursive = true,
    };

    internal static readonly Option<string?> Log = new("--log") { Description = "log file for errors (containerd reads it)", Recursive = true };
    internal static readonly Option<string> LogFormat = new("--log-format") { Description = "text or json", DefaultValueFactory = _ => "text", Recursive = true };
    private static readonly Option<bool> Debug = new("--debug") { Description = "enable debug output", Recursive = true };
    internal static readonly Option<bool> SystemdCgroup = new("--systemd-cgroup") { Description = "not supported: cgroups are managed through cgroupfs", Recursive = true };
    private static readonly Option<string?> Criu = new("--criu") { Description = "ignored (no checkpoint support)", Recursive = true };
    private static readonly Option<string?> Rootless = new("--rootless") { Description = "ignored", Recursive = true };

    private static readonly Argument<string> Id = new("container-id") { Description = "the container's id" };
    private static readonly Option<string> BundleDir = new("--bundle", "-b") { Description = "path to the bundle directory", DefaultValueFactory = _ => "." };
    private static readonly Option<string?> ConsoleSocket = new("--console-socket") { Description = "unix socket that receives the pty master (SCM_RIGHTS)" };
    private static readonly Option<string?> PidFile = new("--pid-file") { Description = "file to write the process id to" };
    private static readonly Option<int> PreserveFds = new("--preserve-fds") { Description = "pass N additional descriptors (3..3+N-1) to the container" };
    private static readonly Option<bool> NoPivot = new("--no-pivot") { Description = "ignored: pivot_root is always used" };
    private static readonly Option<bool> NoNewKeyring = new("--no-new-keyring") { Description = "ignored" };

    public static RootCommand Build()
    {
        var root = new RootCommand("wharf-runtime: an OCI runtime (runc's command line)");
        foreach (Option option in new Option[] { Root, Log, LogFormat, Debug, SystemdCgroup, Criu, Rootless })
            root.Options.Add(option);
        root.Subcommands.Add(CreateCommand());
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(StartCommand());
        root.Subcommands.Add(StateCommand());
        root.Subcommands.Add(KillCommand());
        root.Subcommands.Add(DeleteCommand());
        root.Subcommands.Add(ListCommand());
        root.Subcommands.Add(PauseCommand("pause", "suspend all processes of a container", (r, id) => r.Pause(id)));
        root.Subcommands.Add(PauseCommand("resume", "resume all processes of a paused container", (r, id) => r.Resume(id)));
        root.Subcommands.Add(ExecCommand());
        root.Subcommands.Add(SpecCommand());
        root.Subcommands.Add(PsCommand());
        root.Subcommands.Add(EventsCommand());
        root.Subcommands.Add(UpdateCommand());
        return root;
    }

    private static Command CreateCommand()
    {
        var command = new Command("create", "create a container that waits for `start`") { Id, BundleDir, ConsoleSocket, PidFile, PreserveFds, NoPivot, NoNewKeyring };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            var bundle = Bundle.Load(r.GetValue(BundleDir)!);
            using var console = ConsoleEndpoint.Open(r.GetValue(ConsoleSocket), bundle.Spec.Process!.Terminal, detached: true);
            var record = Invocation.Launcher(r).Create(r.GetValue(Id)!, bundle,
                new() { WaitForStart = true, ConsoleSocketFd = console.Fd, PreserveFds = r.GetValue(PreserveFds) });
            Invocation.WritePidFile(r.GetValue(PidFile), record.InitPid);
            return 0;
        }));
        return command;
    }

    private static Command StartCommand()
    {
        var command = new Command("start", "run the user process of a created container") { Id };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            Invocation.Runtime(r).Start(r.GetValue(Id)!);
            return 0;
        }));
        return command;
    }

    private static Command StateCommand()
    {
        var command = new Command("state", "print the OCI state of a container") { Id };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            var state = Invocation.Runtime(r).State(r.GetValue(Id)!);
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(state, Wharf.Core.Oci.OciJsonContext.Default.ContainerStateDocument));
            return 0;
        }));
        return command;
    }

    private static Command KillCommand()
    {
        var signal = new Argument<string>("signal") { Description = "signal name or number", DefaultValueFactory = _ => "SIGTERM" };
        var all = new Option<bool>("--all", "-a") { Description = "send the signal to every process of the container" };
        var command = new Command("kill", "send a signal to a container's init process") { Id, signal, all };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            Invocation.Runtime(r).Kill(r.GetValue(Id)!, Signals.Parse(r.GetValue(signal)!), r.GetValue(all));
            return 0;
        }));
        return command;
    }

    private static Command DeleteCommand()
    {
        var force = new Option<bool>("--force", "-f") { Description = "kill the container first if it is running" };
        var command = new Command("delete", "delete a container and its resources") { Id, force };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            Invocation.Runtime(r).Delete(r.GetValue(Id)!, r.GetValue(force));
            return 0;
        }));
        return command;
    }

    private static Command PauseCommand(string name, string description, Action<ContainerRuntime, string> action)
    {
        var command = new Command(name, description) { Id };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            action(Invocation.Runtime(r), r.GetValue(Id)!);
            return 0;
        }));
        return command;
    }

    private static Command SpecCommand()
    {
        var bundle = new Option<string>("--bundle", "-b") { Description = "directory to write config.json to", DefaultValueFactory = _ => "." };
        var rootless = new Option<bool>("--rootless") { Description = "not supported" };
        var command = new Command("spec", "write a default config.json") { bundle, rootless };
        command.SetAction(r => Invocation.Run(r, () =>
        {
            string path = Path.Combine(r.GetValue(bundle)!, "config.json");
            if (File.Exists(path))
                throw Wharf.Core.WharfException.Exists("File config.json exists. Remove it first.");
            File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(SpecTemplate.Create(), Wharf.Core.Oci.OciJsonContext.Default.RuntimeSpec) + "\n");
            return 0;
        }));
        return command;
    }
}
