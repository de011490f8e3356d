namespace Wharf.Containers.Tests.Kernel;

/// <summary>
/// A theory that runs generated specs under a real OCI runtime: needs Linux, root and a static
/// busybox (for the rootfs). Skipped with the reason otherwise (xunit 2 has no dynamic skip, so
/// the check runs when the attribute is built). Use with <c>[Trait("Category", "Kernel")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KernelTheoryAttribute : TheoryAttribute
{
    public KernelTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux";
        else if (!Environment.IsPrivilegedProcess) Skip = "needs root";
        else if (!File.Exists("/bin/busybox")) Skip = "needs busybox-static (apt-get install busybox-static)";
        else if (!RuntimeBinary.Available.Any()) Skip = "needs an OCI runtime: run scripts/build.sh (out/wharf-runtime/wharf-runtime) or install runc";
    }
}

/// <summary>The runtimes the kernel tests run specs under: wharf-runtime (built by scripts/build.sh) and runc, where present.</summary>
public static class RuntimeBinary
{
    public static string WharfRuntime => Environment.GetEnvironmentVariable("WHARF_RUNTIME") is { Length: > 0 } path
        ? path
        : RepoFiles.PathOf("out/wharf-runtime/wharf-runtime");

    public static IEnumerable<string> Available =>
        new[] { ("wharf-runtime", WharfRuntime), ("runc", "/usr/sbin/runc") }.Where(r => File.Exists(r.Item2)).Select(r => r.Item1);

    public static TheoryData<string> All
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in Available) data.Add(name);
            if (data.Count == 0) data.Add("none"); // the attribute skips the theory then
            return data;
        }
    }

    public static string PathOf(string name) => name switch
    {
        "wharf-runtime" => WharfRuntime,
        "runc" => "/usr/sbin/runc",
        _ => throw new ArgumentException($"unknown runtime {name}"),
    };
}
