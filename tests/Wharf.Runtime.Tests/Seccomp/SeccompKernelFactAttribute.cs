namespace Wharf.Runtime.Tests.Seccomp;

/// <summary>
/// A fact that loads a real seccomp filter: needs Linux on x86_64 with seccomp filters
/// (CONFIG_SECCOMP_FILTER). Skipped with the reason otherwise (xunit 2 has no dynamic skip).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SeccompKernelFactAttribute : FactAttribute
{
    public SeccompKernelFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64)
            Skip = "needs Linux on x86_64";
        else if (!File.Exists("/proc/self/status") || !File.ReadAllText("/proc/self/status").Contains("Seccomp_filters:"))
            Skip = "the kernel has no seccomp filters (CONFIG_SECCOMP_FILTER)";
    }
}
