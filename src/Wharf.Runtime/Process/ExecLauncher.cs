using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Runtime.State;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Process;

/// <summary>
/// `exec`: starts another process in a running container. The PID namespace is joined by the
/// spawning thread (it applies to children); the init stage joins the others itself, mount
/// last, then applies the process's identity, capabilities and the container's seccomp.
/// </summary>
public sealed class ExecLauncher(string initBinary)
{
    /// <param name="stdio">The process's fds 0-2 (child fd ← our fd, ours above 2); empty or null: it inherits ours.</param>
    public int Start(ContainerRecord container, ProcessSpec process, int consoleSocketFd, int preserveFds,
        IReadOnlyList<(int Child, int Parent)>? stdio = null)
    {
        SpecValidator.ValidateProcess(process);
        var seccomp = ContainerLauncher.CompileSeccomp(container.Spec);
        var namespaceFds = new List<(int Flag, int Fd)>();
        var pidJoin = new List<(int, string)>();
        int pid = 0;
        try
        {
            foreach (var kind in NamespaceKind.All)
            {
                var ns = container.Spec.Linux?.Namespaces?.FirstOrDefault(n => n.Type == kind.Type);
                if (ns is null) continue;
                string path = string.IsNullOrEmpty(ns.Path) ? $"/proc/{container.InitPid}/ns/{kind.ProcName}" : ns.Path;
                if (kind == NamespaceKind.Pid) pidJoin.Add((kind.CloneFlag, path));
                else namespaceFds.Add((kind.CloneFlag, Check(Open(path, O_RDONLY | O_CLOEXEC, 0), "open", path)));
            }

            var (parent, child) = SyncSocket.CreatePair();
            using (parent)
            {
                Dictionary<int, int> childOf;
                using (child)
                {
                    pid = InitProcess.Spawn(initBinary, 0, pidJoin, child, preserveFds,
                        namespaceFds.Select(n => n.Fd).Prepend(consoleSocketFd).Where(fd => fd >= 0), stdio ?? [], out childOf);
                }
                container.OpenCgroup().AddProcess(pid);

                parent.Send(new InitRequest
                {
                    Mode = InitMode.Exec,
                    ContainerId = container.Id,
                    Spec = container.Spec with { Process = process },
                    Rootfs = container.Rootfs,
                    Bundle = container.Bundle,
                    ConsoleSocketFd = consoleSocketFd >= 0 ? childOf[consoleSocketFd] : -1,
                    Joins = [.. namespaceFds.Select(n => new NamespaceJoin(n.Flag, childOf[n.Fd]))],
                    PreserveFds = preserveFds,
                    HostPid = pid,
                    SeccompProgram = seccomp.Program,
                    SeccompFlags = seccomp.Flags,
                });
                ContainerLauncher.AwaitInit(parent, expectReply: false, pid);
            }
            return pid;
        }
        catch
        {
            InitProcess.Abort(pid);
            throw;
        }
        finally
        {
            foreach (var (_, fd) in namespaceFds) Close(fd);
        }
    }
}
