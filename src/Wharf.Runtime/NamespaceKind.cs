using Wharf.Linux.Interop;

namespace Wharf.Runtime;

/// <summary>The OCI namespace types, their clone flags and their /proc/PID/ns names.</summary>
public readonly record struct NamespaceKind(string Type, int CloneFlag, string ProcName)
{
    public static readonly NamespaceKind Pid = new("pid", Libc.CLONE_NEWPID, "pid");
    public static readonly NamespaceKind Network = new("network", Libc.CLONE_NEWNET, "net");
    public static readonly NamespaceKind Mount = new("mount", Libc.CLONE_NEWNS, "mnt");
    public static readonly NamespaceKind Ipc = new("ipc", Libc.CLONE_NEWIPC, "ipc");
    public static readonly NamespaceKind Uts = new("uts", Libc.CLONE_NEWUTS, "uts");
    public static readonly NamespaceKind User = new("user", Libc.CLONE_NEWUSER, "user");
    public static readonly NamespaceKind Cgroup = new("cgroup", Libc.CLONE_NEWCGROUP, "cgroup");
    public static readonly NamespaceKind Time = new("time", Libc.CLONE_NEWTIME, "time");

    /// <summary>In the order they are joined: mount last, so the others' paths still resolve on the host.</summary>
    public static readonly NamespaceKind[] All = [User, Cgroup, Ipc, Uts, Network, Pid, Time, Mount];

    public static bool TryParse(string type, out NamespaceKind kind)
    {
        foreach (var k in All)
        {
            if (k.Type == type)
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
