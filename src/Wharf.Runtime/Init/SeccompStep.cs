using Wharf.Core.Oci;

namespace Wharf.Runtime.Init;

/// <summary>Compiles linux.seccomp and loads it on the calling thread (the one that execs).</summary>
internal static class SeccompStep
{
    public static void Apply(SeccompSpec? spec)
    {
        if (spec is null) return;
        throw new InitException("linux.seccomp is not supported yet");
    }
}
