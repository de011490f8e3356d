namespace Wharf.Shim.Tests.Kernel;

/// <summary>
/// A theory that runs real containers under a real shim: it needs root, runc, busybox-static
/// and a built wharf-runtime, and skips with the reason when one is missing (xunit 2 has no
/// dynamic skip, so the check runs at discovery). Use with <c>[Trait("Category", "Kernel")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ShimKernelTheoryAttribute : TheoryAttribute
{
    public ShimKernelTheoryAttribute()
    {
        if (MissingRequirement() is { } reason) Skip = reason;
    }

    private static string? MissingRequirement()
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux";
        if (!Environment.IsPrivilegedProcess) return "needs root";
        if (!File.Exists(Runtimes.RuncPath)) return "needs runc (apt-get install runc)";
        if (!File.Exists("/bin/busybox")) return "needs busybox-static (apt-get install busybox-static)";
        if (!File.Exists(Runtimes.WharfRuntimePath)) return $"needs wharf-runtime at {Runtimes.WharfRuntimePath} (scripts/build.sh)";
        if (!File.Exists(TestEnvironment.ShimPath)) return $"needs the wharf-shim host at {TestEnvironment.ShimPath}";
        return null;
    }
}

/// <summary>The runtimes every black-box scenario runs with: the shim must work with both.</summary>
public static class Runtimes
{
    public const string Runc = "runc";
    public const string WharfRuntime = "wharf-runtime";

    public static readonly string[] Names = [Runc, WharfRuntime];

    public static TheoryData<string> All => new(Names);

    public static string RuncPath => File.Exists("/usr/sbin/runc") ? "/usr/sbin/runc" : "/usr/bin/runc";

    public static string WharfRuntimePath =>
        Environment.GetEnvironmentVariable("WHARF_RUNTIME") is { Length: > 0 } path
            ? path
            : Path.Combine(TestEnvironment.RepoRoot, "out", "wharf-runtime", "wharf-runtime");

    public static string PathOf(string name) => name switch
    {
        Runc => RuncPath,
        WharfRuntime => WharfRuntimePath,
        _ => throw new ArgumentException($"unknown runtime {name}", nameof(name)),
    };
}
