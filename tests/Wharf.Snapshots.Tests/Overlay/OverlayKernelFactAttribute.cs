using Wharf.Linux.Mounts;

namespace Wharf.Snapshots.Tests.Overlay;

/// <summary>
/// A fact that mounts overlayfs: it needs root and a kernel that can mount overlay here, and skips
/// with the reason otherwise (xunit 2 has no dynamic skip, so the check runs at discovery). Use
/// together with <c>[Trait("Category", "Kernel")]</c>.
/// </summary>
public sealed class OverlayKernelFactAttribute : FactAttribute
{
    public OverlayKernelFactAttribute()
    {
        if (OverlayKernel.UnavailableReason is string reason)
            Skip = reason;
    }
}

/// <summary>Whether this machine can mount overlay, decided once by mounting a throwaway one.</summary>
internal static class OverlayKernel
{
    private static readonly Lazy<string?> Reason = new(Check);

    public static string? UnavailableReason => Reason.Value;

    private static string? Check()
    {
        if (!OperatingSystem.IsLinux())
            return "overlayfs is Linux-only";
        if (!Environment.IsPrivilegedProcess)
            return "needs root to mount overlayfs";
        if (!File.ReadLines("/proc/filesystems").Any(l => l.Split('\t').LastOrDefault() == "overlay"))
            return "overlay is not in /proc/filesystems (modprobe overlay)";
        using var root = new TempRoot();
        try
        {
            string lower = root.Sub("lower"), upper = root.Sub("upper"), work = root.Sub("work"), merged = root.Sub("merged");
            MountSet.MountAll([new Mount("overlay", "overlay", [$"lowerdir={lower}", $"upperdir={upper}", $"workdir={work}"])], merged);
            MountSet.Unmount(merged);
            return null;
        }
        catch (Exception e)
        {
            return $"cannot mount overlayfs here: {e.Message}";
        }
    }
}
