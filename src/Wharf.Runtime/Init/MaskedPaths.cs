using Wharf.Linux;
using Wharf.Linux.Interop;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Init;

/// <summary>linux.maskedPaths and linux.readonlyPaths, applied after pivot_root.</summary>
internal static class MaskedPaths
{
    /// <summary>Files are covered with /dev/null, directories with an empty read-only tmpfs.</summary>
    public static void Mask(IEnumerable<string>? paths)
    {
        foreach (string path in paths ?? [])
        {
            if (Mount("/dev/null", path, null, MS_BIND, null) == 0) continue;
            var error = LinuxException.FromLastError("mount", path);
            if (error.Errno == Errno.ENOENT) continue;
            if (error.Errno != Errno.ENOTDIR) throw error;
            Check(Mount("tmpfs", path, "tmpfs", MS_RDONLY, null), "mount", path);
        }
    }

    public static void MakeReadonly(IEnumerable<string>? paths)
    {
        foreach (string path in paths ?? [])
        {
            if (Mount(path, path, null, MS_BIND | MS_REC, null) != 0)
            {
                var error = LinuxException.FromLastError("mount", path);
                if (error.Errno == Errno.ENOENT) continue;
                throw error;
            }
            Check(Mount(path, path, null, MS_BIND | MS_REMOUNT | MS_RDONLY, null), "remount", path);
        }
    }
}
