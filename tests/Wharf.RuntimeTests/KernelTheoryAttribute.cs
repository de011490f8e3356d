namespace Wharf.RuntimeTests;

/// <summary>
/// A theory that needs root, runc, busybox-static and gcc; skipped with the reason when one is
/// missing (xunit 2 has no dynamic skip, so the check runs when the attribute is built).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    public KernelTheoryAttribute()
    {
        if (MissingRequirement() is { } reason)
            Skip = reason;
    }

    /// <summary>Why the suite cannot run here, or null when it can.</summary>
    static string? MissingRequirement()
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux";
        if (!Environment.IsPrivilegedProcess) return "needs root";
        if (!File.Exists(RuntimeUnderTest.RuncPath)) return "needs runc (apt-get install runc)";
        if (!File.Exists("/bin/busybox")) return "needs busybox-static (apt-get install busybox-static)";
        if (!File.Exists("/usr/bin/gcc") && !File.Exists("/usr/local/bin/gcc")) return "needs gcc to build the probe";
        return null;
    }
}
