using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Runtime.Init;

/// <summary>process.rlimits applied with prlimit(2) to a process.</summary>
public static unsafe class ResourceLimits
{
    private static readonly string[] Types =
    [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
        "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
        "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ];

    public static bool IsKnown(string type) => Array.IndexOf(Types, type) >= 0;

    public static void Apply(IEnumerable<RlimitSpec>? limits, int pid = 0)
    {
        foreach (var limit in limits ?? [])
        {
            int resource = Array.IndexOf(Types, limit.Type);
            var value = new Libc.RLimit { Current = limit.Soft, Maximum = limit.Hard };
            Libc.Check(Libc.Prlimit(pid, resource, &value, null), $"setrlimit({limit.Type})");
        }
    }
}
