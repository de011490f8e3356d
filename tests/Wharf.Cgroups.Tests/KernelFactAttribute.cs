namespace Wharf.Cgroups.Tests;

/// <summary>
/// A fact that needs root and a writable cgroup hierarchy with the memory, pids and freezer controllers; it skips
/// with the reason when they are missing (xunit 2 has no dynamic skip, so the check runs at discovery).
/// Use together with <c>[Trait("Category", "Kernel")]</c>.
/// </summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute()
    {
        if (KernelCgroups.UnavailableReason is string reason)
            Skip = reason;
    }
}

/// <summary>Whether this machine can run the kernel tests, decided once.</summary>
internal static class KernelCgroups
{
    private static readonly Lazy<string?> Reason = new(Check);

    public static string? UnavailableReason => Reason.Value;

    private static string? Check()
    {
        if (!OperatingSystem.IsLinux())
            return "cgroups are Linux-only";
        if (!Environment.IsPrivilegedProcess)
            return "needs root to create cgroups";
        CgroupLayout layout;
        try
        {
            layout = CgroupLayout.Detect();
        }
        catch (Exception e)
        {
            return $"no usable cgroup filesystem: {e.Message}";
        }
        // Root inside an unprivileged container often sees cgroupfs read-only: probe with a throwaway cgroup.
        string probe = Path.Join(layout.Mode == CgroupMode.V2 ? layout.UnifiedMountPoint : layout.ControllerMountPoints.GetValueOrDefault("memory", "/nonexistent"),
            $"wharf-test-probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot create cgroups: {e.Message}";
        }
        if (layout.Mode == CgroupMode.V2)
        {
            string controllers = File.ReadAllText(Path.Join(layout.UnifiedMountPoint, "cgroup.controllers"));
            foreach (string needed in new[] { "memory", "pids" })
            {
                if (!controllers.Split(' ', StringSplitOptions.TrimEntries).Contains(needed))
                    return $"cgroup v2 controller {needed} is not available";
            }
            return null;
        }
        foreach (string needed in new[] { "memory", "pids", "freezer" })
        {
            if (!layout.ControllerMountPoints.ContainsKey(needed))
                return $"cgroup v1 controller {needed} is not mounted";
        }
        return null;
    }
}
