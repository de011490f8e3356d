using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux.Interop;
using Wharf.Linux.Processes;

namespace Wharf.Runtime.Hooks;

/// <summary>
/// Runs OCI hooks (config.md, "POSIX-platform Hooks"): each program gets the container's state
/// as JSON on stdin; a hook that fails or outlives its timeout fails its phase.
/// </summary>
public static unsafe class HookRunner
{
    /// <summary>Runs the hooks in order; the first failure throws, naming the phase and the hook.</summary>
    public static void Run(string phase, IEnumerable<HookSpec>? hooks, ContainerStateDocument state)
    {
        int index = 0;
        foreach (var hook in hooks ?? [])
        {
            string? failure = RunOne(hook, state);
            if (failure is not null)
                throw WharfException.Invalid($"{phase} hook #{index} ({hook.Path}) failed: {failure}");
            index++;
        }
    }

    /// <summary>poststart and poststop: a failure is a warning and the rest still run (the spec's rule).</summary>
    public static void RunWarnOnFailure(string phase, IEnumerable<HookSpec>? hooks, ContainerStateDocument state)
    {
        int index = 0;
        foreach (var hook in hooks ?? [])
        {
            string? failure = RunOne(hook, state);
            if (failure is not null)
                System.Console.Error.WriteLine($"wharf-runtime: warning: {phase} hook #{index} ({hook.Path}) failed: {failure}");
            index++;
        }
    }

    private static string? RunOne(HookSpec hook, ContainerStateDocument state)
    {
        byte[] input = JsonSerializer.SerializeToUtf8Bytes(state, OciJsonContext.Default.ContainerStateDocument);
        int* pipe = stackalloc int[2];
        Libc.Check(Libc.Pipe2(pipe, Libc.O_CLOEXEC), "pipe2");
        int pid;
        try
        {
            List<string> args = hook.Args is { Count: > 0 } a ? a : [hook.Path];
            pid = ChildSpawner.Spawn(hook.Path, args, hook.Env ?? [], [(0, pipe[0])]);
        }
        catch (Wharf.Linux.LinuxException e)
        {
            Libc.Close(pipe[0]);
            Libc.Close(pipe[1]);
            return e.Message;
        }
        Libc.Close(pipe[0]);
        try
        {
            Libc.WriteAll(pipe[1], input);
        }
        catch (Wharf.Linux.LinuxException)
        {
            // A hook that does not read its stdin is fine (EPIPE).
        }
        Libc.Close(pipe[1]);

        TimeSpan timeout = hook.Timeout is > 0 ? TimeSpan.FromSeconds(hook.Timeout.Value) : Timeout.InfiniteTimeSpan;
        int? status = timeout == Timeout.InfiniteTimeSpan ? ChildSpawner.Wait(pid) : ChildSpawner.Wait(pid, timeout);
        if (status is null)
        {
            Libc.Kill(pid, Libc.SIGKILL);
            ChildSpawner.Wait(pid);
            return $"timed out after {hook.Timeout}s";
        }
        int code = Libc.ExitCodeOf(status.Value);
        return code == 0 ? null : $"exit status {code}";
    }
}
