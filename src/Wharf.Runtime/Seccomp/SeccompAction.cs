using Wharf.Core;

namespace Wharf.Runtime.Seccomp;

/// <summary>Parses an OCI/libseccomp action name (SCMP_ACT_*) into the value the filter returns.</summary>
internal static class SeccompAction
{
    /// <param name="errnoRet">errnoRet (or defaultErrnoRet): the errno of SCMP_ACT_ERRNO and the
    /// message of SCMP_ACT_TRACE; EPERM when absent, as runc.</param>
    /// <param name="where">Names the rule in error messages.</param>
    public static uint Parse(string name, uint? errnoRet, string where)
    {
        if (errnoRet > SeccompReturn.DataMask)
            throw WharfException.Invalid($"seccomp: {where}: errnoRet {errnoRet} does not fit in 16 bits");
        uint data = errnoRet ?? SeccompReturn.EPERM;
        return name switch
        {
            "SCMP_ACT_KILL" or "SCMP_ACT_KILL_THREAD" => SeccompReturn.KillThread,
            "SCMP_ACT_KILL_PROCESS" => SeccompReturn.KillProcess,
            "SCMP_ACT_TRAP" => SeccompReturn.Trap,
            "SCMP_ACT_ERRNO" => SeccompReturn.Errno | data,
            "SCMP_ACT_TRACE" => SeccompReturn.Trace | data,
            "SCMP_ACT_ALLOW" => SeccompReturn.Allow,
            "SCMP_ACT_LOG" => SeccompReturn.Log,
            "SCMP_ACT_NOTIFY" => throw WharfException.Invalid(
                $"seccomp: {where}: SCMP_ACT_NOTIFY is not supported (Wharf has no seccomp user-notification agent)"),
            _ => throw WharfException.Invalid($"seccomp: {where}: unknown action \"{name}\""),
        };
    }
}
