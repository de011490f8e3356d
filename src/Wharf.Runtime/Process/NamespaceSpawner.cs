using Wharf.Linux;
using Wharf.Linux.Processes;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Process;

/// <summary>
/// Spawns a process inside namespaces. Namespaces belong to the calling thread, and a child
/// spawned from it afterwards starts inside them (the first child of a new PID namespace is its
/// PID 1). So the work runs synchronously on a dedicated thread that is thrown away after,
/// leaving the runtime's other threads where they were.
/// </summary>
internal static class NamespaceSpawner
{
    /// <param name="unshareFlags">CLONE_NEW* flags of namespaces to create.</param>
    /// <param name="joinPaths">namespace files to setns into first, as (clone flag, path).</param>
    public static int Spawn(int unshareFlags, IReadOnlyList<(int Flag, string Path)> joinPaths,
        string path, IReadOnlyList<string> argv, IReadOnlyList<(int Child, int Parent)> descriptors)
    {
        int pid = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                foreach (var (flag, nsPath) in joinPaths)
                {
                    int fd = Check(Open(nsPath, O_RDONLY | O_CLOEXEC, 0), "open", nsPath);
                    try
                    {
                        if (flag == CLONE_NEWNS) Check(Unshare(CLONE_FS), "unshare(CLONE_FS)");
                        Check(Setns(fd, flag), "setns", nsPath);
                    }
                    finally
                    {
                        Close(fd);
                    }
                }
                if (unshareFlags != 0) Check(Unshare(unshareFlags), "unshare");
                pid = ChildSpawner.Spawn(path, argv, InitEnvironment, descriptors, newSession: true);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, maxStackSize: 256 * 1024)
        { Name = "namespace-spawner" };
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        return pid;
    }

    // The init stage needs no environment of ours; the container's comes from config.json.
    private static readonly string[] InitEnvironment = ["DOTNET_gcServer=0", "DOTNET_GCHeapHardLimit=0x4000000"];
}
