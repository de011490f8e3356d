using Wharf.Linux.Seccomp;
using Wharf.Runtime.Process;

namespace Wharf.Runtime.Init;

/// <summary>
/// Loads the seccomp program the runtime compiled on the calling thread, the one that then
/// execs: without TSYNC a filter binds only its thread, and execve keeps that thread's filter.
/// </summary>
internal static class SeccompStep
{
    public static void Apply(InitRequest request)
    {
        if (request.SeccompProgram is { } program)
            SeccompFilter.Load(program, request.SeccompFlags);
    }
}
