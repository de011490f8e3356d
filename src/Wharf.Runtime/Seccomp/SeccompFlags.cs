using Wharf.Core;
using Wharf.Linux.Interop;

namespace Wharf.Runtime.Seccomp;

/// <summary>The `flags` of linux.seccomp, turned into the flags argument of seccomp(2).</summary>
internal static class SeccompFlags
{
    public static uint Parse(IEnumerable<string>? names)
    {
        uint flags = 0;
        foreach (string name in names ?? [])
        {
            flags |= name switch
            {
                "SECCOMP_FILTER_FLAG_TSYNC" => Libc.SECCOMP_FILTER_FLAG_TSYNC,
                "SECCOMP_FILTER_FLAG_LOG" => Libc.SECCOMP_FILTER_FLAG_LOG,
                "SECCOMP_FILTER_FLAG_SPEC_ALLOW" => Libc.SECCOMP_FILTER_FLAG_SPEC_ALLOW,
                // Only acts on user-notification listeners, which Wharf never installs; the kernel
                // rejects it without one, so accept and drop it (runc knows the name too).
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" => 0u,
                _ => throw WharfException.Invalid($"seccomp: unknown flag \"{name}\""),
            };
        }
        return flags;
    }
}
