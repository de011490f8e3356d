using System.Globalization;
using Wharf.Linux.Processes;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Process;

/// <summary>
/// Starting the init stage (`BINARY init SYNCFD`, which Program.cs dispatches first) inside
/// namespaces, with the sync socket and any other descriptors carried over, and taking it down
/// again when setup fails. Shared by create and exec.
/// </summary>
internal static class InitProcess
{
    /// <param name="inherited">Descriptors besides the sync socket the init must receive.</param>
    /// <param name="childOf">Where each carried descriptor (the sync socket's too) lands in the init.</param>
    /// <param name="stdio">The init's fds 0-2 (child fd ← our fd); empty: it inherits ours.</param>
    public static int Spawn(string initBinary, int unshareFlags, IReadOnlyList<(int Flag, string Path)> joins,
        SyncSocket child, int preserveFds, IEnumerable<int> inherited, IReadOnlyList<(int Child, int Parent)> stdio,
        out Dictionary<int, int> childOf)
    {
        var plan = new DescriptorPlan(preserveFds);
        plan.Add(child.Fd);
        foreach (int fd in inherited) plan.Add(fd);
        foreach (var (childFd, parentFd) in stdio) plan.AddStdio(childFd, parentFd);
        var moves = plan.Build(out childOf);
        return NamespaceSpawner.Spawn(unshareFlags, joins, initBinary,
            [initBinary, "init", childOf[child.Fd].ToString(CultureInfo.InvariantCulture)], moves);
    }

    /// <summary>Kills and reaps an init whose setup failed (its mount namespace dies with it).</summary>
    public static void Abort(int pid)
    {
        if (pid <= 0) return;
        Kill(pid, SIGKILL);
        try
        {
            ChildSpawner.Wait(pid);
        }
        catch (Wharf.Linux.LinuxException e) when (e.Errno == Wharf.Linux.Interop.Errno.ECHILD)
        {
            // A host that reaps its own children (the shim runs the runtime in-process) got it first.
        }
    }
}
