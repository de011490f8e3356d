using Wharf.Linux.Interop;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>
/// A fact that unpacks layers for real: it needs root (chown, mknod, trusted.* xattrs) on a temp
/// file system that keeps them, and skips with the reason otherwise (xunit 2 has no dynamic skip,
/// so the check runs at discovery). Use together with <c>[Trait("Category", "Kernel")]</c>.
/// </summary>
public sealed class LayerKernelFactAttribute : FactAttribute
{
    public LayerKernelFactAttribute()
    {
        if (LayerKernel.UnavailableReason is string reason)
            Skip = reason;
    }
}

/// <summary>Whether this machine can run the layer tests, decided once by trying what they do.</summary>
internal static class LayerKernel
{
    private static readonly Lazy<string?> Reason = new(Check);

    public static string? UnavailableReason => Reason.Value;

    private static string? Check()
    {
        if (!OperatingSystem.IsLinux()) return "layers are unpacked on Linux only";
        if (!Environment.IsPrivilegedProcess) return "needs root for chown, mknod and trusted.* xattrs";
        try
        {
            using var sandbox = new LayerSandbox();
            string node = Path.Join(sandbox.Target, "probe");
            Libc.Check(Libc.Mknod(node, Libc.S_IFCHR, 0), "mknod", node);
            Libc.LSetXattr(sandbox.Target, "trusted.overlay.opaque", "y"u8);
            string file = Path.Join(sandbox.Target, "file");
            File.WriteAllText(file, "x");
            Libc.LSetXattr(file, "user.probe", "1"u8);
            return null;
        }
        catch (Exception e)
        {
            return $"the temp file system cannot hold device nodes or xattrs: {e.Message}";
        }
    }
}
