using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Containers;

/// <summary>
/// Every device node of the host's /dev, as a privileged container gets them (containerd's
/// HostDevices): character and block devices, walked recursively, skipping pts, shm, fd,
/// mqueue and a few tool-private directories, and /dev/console.
/// </summary>
internal static class HostDevices
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { "pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev" };

    public static List<DeviceSpec> Under(string devRoot = "/dev")
    {
        var devices = new List<DeviceSpec>();
        Walk(devRoot, "/dev", devices);
        return devices;
    }

    /// <param name="inContainer">Where <paramref name="directory"/> appears in the container.</param>
    private static void Walk(string directory, string inContainer, List<DeviceSpec> devices)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string path in entries)
        {
            string name = Path.GetFileName(path);
            if (!TryLStat(path, out var stat)) continue;
            uint type = stat.FileType;
            if (type == Libc.S_IFDIR)
            {
                if (!SkippedDirectories.Contains(name)) Walk(path, inContainer + "/" + name, devices);
                continue;
            }
            if (name == "console") continue;
            if (type != Libc.S_IFCHR && type != Libc.S_IFBLK) continue;
            devices.Add(new DeviceSpec
            {
                Type = type == Libc.S_IFCHR ? "c" : "b",
                Path = inContainer + "/" + name,
                Major = stat.RdevMajor,
                Minor = stat.RdevMinor,
                FileMode = (uint)(stat.Mode & 0xFFF),
                Uid = stat.Uid,
                Gid = stat.Gid,
            });
        }
    }

    /// <summary>lstat that reports "gone or unreadable" as false: /dev changes while it is walked.</summary>
    private static bool TryLStat(string path, out Libc.Statx stat)
    {
        try
        {
            return Libc.TryLStatAt(Libc.AT_FDCWD, path, out stat);
        }
        catch (LinuxException)
        {
            stat = default;
            return false;
        }
    }
}
