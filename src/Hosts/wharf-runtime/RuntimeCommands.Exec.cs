using System.CommandLine;
using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Runtime;
using Wharf.Runtime.Process;
using Wharf.Runtime.State;

namespace Wharf.RuntimeHost;

internal static partial class RuntimeCommands
{
    private static Command ExecCommand()
    {
        var command = new Argument<string[]>("command") { Description = "the program and its arguments", Arity = ArgumentArity.ZeroOrMore };
        var cwd = new Option<string?>("--cwd") { Description = "current working directory in the container" };
        var env = new Option<string[]>("--env", "-e") { Description = "set environment variables", AllowMultipleArgumentsPerToken = false };
        var tty = new Option<bool>("--tty", "-t") { Description = "allocate a pseudo-TTY" };
        var user = new Option<string?>("--user", "-u") { Description = "UID (format: <uid>[:<gid>])" };
        var groups = new Option<string[]>("--additional-gids", "-g") { Description = "additional gids" };
        var processFile = new Option<string?>("--process", "-p") { Description = "path to a process.json" };
        var detach = new Option<bool>("--detach", "-d") { Description = "detach from the process" };
        var noNewPrivs = new Option<bool>("--no-new-privs") { Description = "set no_new_privs" };
        var caps = new Option<string[]>("--cap", "-c") { Description = "add a capability" };
        var ignorePaused = new Option<bool>("--ignore-paused") { Description = "allow exec in a paused container" };
        var label = new Option<string?>("--process-label") { Description = "ignored (no SELinux)" };
        var apparmor = new Option<string?>("--apparmor") { Description = "ignored (no AppArmor)" };
        var cgroup = new Option<string?>("--cgroup") { Description = "not supported: the process joins the container's cgroup" };

        var exec = new Command("exec", "run a process in a running container")
            { Id, command, ConsoleSocket, cwd, env, tty, user, groups, processFile, detach, PidFile, noNewPrivs, caps, PreserveFds, ignorePaused, label, apparmor, cgroup };
        exec.SetAction(r => Invocation.Run(r, () =>
        {
            var runtime = Invocation.Runtime(r);
            ContainerRecord container = runtime.Store.Load(r.GetValue(Id)!);
            var status = runtime.StatusOf(container);
            if (status == ContainerStatus.Stopped)
                throw WharfException.Conflict("cannot exec in a stopped container");
            if (status == ContainerStatus.Paused && !r.GetValue(ignorePaused))
                throw WharfException.Conflict("cannot exec in a paused container (use --ignore-paused to override)");

            ProcessSpec process = r.GetValue(processFile) is { } file
                ? LoadProcess(file)
                : ProcessFromFlags(container.Spec.Process!, r.GetValue(command) ?? [], r.GetValue(cwd), r.GetValue(env) ?? [],
                    r.GetValue(tty), r.GetValue(user), r.GetValue(groups) ?? [], r.GetValue(noNewPrivs), r.GetValue(caps) ?? []);

            bool detached = r.GetValue(detach);
            using var signals = detached ? null : SignalForwarder.Start();
            using var console = ConsoleEndpoint.Open(r.GetValue(ConsoleSocket), process.Terminal, detached);
            int pid = new ExecLauncher(Invocation.InitBinary).Start(container, process, console.Fd, r.GetValue(PreserveFds));
            console.ReleaseChildEnd();
            Invocation.WritePidFile(r.GetValue(PidFile), pid);
            return detached ? 0 : WaitForeground(pid, console.LocalEnd, signals!);
        }));
        return exec;
    }

    private static ProcessSpec LoadProcess(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), Wharf.Core.Oci.OciJsonContext.Default.ProcessSpec)
                ?? throw WharfException.Invalid($"{path}: process is null");
        }
        catch (JsonException e)
        {
            throw WharfException.Invalid($"invalid JSON in {path}: {e.Message}", e);
        }
    }

    /// <summary>The container's own process, changed by exec's flags, as runc builds it.</summary>
    private static ProcessSpec ProcessFromFlags(ProcessSpec basis, string[] args, string? cwd, string[] env, bool tty,
        string? user, string[] groups, bool noNewPrivs, string[] caps)
    {
        if (args.Length == 0) throw WharfException.Invalid("exec: a command is required");
        var identity = basis.User;
        if (!string.IsNullOrEmpty(user))
        {
            string[] parts = user.Split(':');
            if (!uint.TryParse(parts[0], out uint uid) || (parts.Length > 1 && !uint.TryParse(parts[1], out _)))
                throw WharfException.Invalid($"exec: invalid user \"{user}\" (want uid[:gid])");
            identity = identity with { Uid = uid, Gid = parts.Length > 1 ? uint.Parse(parts[1]) : identity.Gid };
        }
        if (groups.Length > 0)
            identity = identity with { AdditionalGids = [.. groups.Select(g => uint.TryParse(g, out uint v) ? v : throw WharfException.Invalid($"exec: invalid gid {g}"))] };
        var capabilities = basis.Capabilities;
        if (caps.Length > 0)
        {
            List<string> Add(List<string>? set) => [.. (set ?? []).Concat(caps).Distinct()];
            capabilities = (capabilities ?? new CapabilitiesSpec()) is var c
                ? c with { Bounding = Add(c.Bounding), Effective = Add(c.Effective), Permitted = Add(c.Permitted), Ambient = Add(c.Ambient) }
                : null;
        }
        return basis with
        {
            Args = [.. args],
            Cwd = cwd ?? basis.Cwd,
            Env = [.. basis.Env ?? [], .. env],
            Terminal = tty,
            User = identity,
            Capabilities = capabilities,
            NoNewPrivileges = basis.NoNewPrivileges || noNewPrivs,
        };
    }
}
