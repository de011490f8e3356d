using Wharf.Core.Oci;
using Wharf.Linux.Seccomp;
using Wharf.Runtime.Seccomp;

namespace Wharf.Runtime.Init;

/// <summary>
/// Compiles linux.seccomp and loads it on the calling thread, the one that then execs: without
/// TSYNC a filter binds only its thread, and execve keeps exactly that thread's filter.
/// </summary>
internal static class SeccompStep
{
    public static void Apply(SeccompSpec? spec)
    {
        if (spec is null) return;
        SockFilter[] program = SeccompCompiler.Compile(spec);
        SeccompFilter.Load(program, SeccompCompiler.LoadFlags(spec));
    }
}
