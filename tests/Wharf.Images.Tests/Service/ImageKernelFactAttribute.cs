namespace Wharf.Images.Tests.Service;

/// <summary>
/// A fact that unpacks layers into overlay snapshots for real: it needs root (chown, mknod,
/// trusted.* xattrs) and skips with the reason otherwise. Use with <c>[Trait("Category", "Kernel")]</c>.
/// </summary>
public sealed class ImageKernelFactAttribute : FactAttribute
{
    public ImageKernelFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "layers are unpacked on Linux only";
        else if (!Environment.IsPrivilegedProcess) Skip = "needs root to unpack layers (chown, mknod, trusted.* xattrs)";
    }
}

/// <summary>The theory form of <see cref="ImageKernelFactAttribute"/>.</summary>
public sealed class ImageKernelTheoryAttribute : TheoryAttribute
{
    public ImageKernelTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "layers are unpacked on Linux only";
        else if (!Environment.IsPrivilegedProcess) Skip = "needs root to unpack layers (chown, mknod, trusted.* xattrs)";
    }
}
