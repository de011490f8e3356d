using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Linux.Interop;
using Wharf.Linux.Mounts;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Init;

/// <summary>
/// /dev inside the container: the default character devices every container gets, the
/// config's own devices, the /dev/fd-style symlinks and /dev/ptmx pointing at the private devpts.
/// </summary>
internal static class Devices
{
    public static readonly DeviceSpec[] Defaults =
    [
        new() { Type = "c", Path = "/dev/null", Major = 1, Minor = 3, FileMode = 0x1b6 },
        new() { Type = "c", Path = "/dev/zero", Major = 1, Minor = 5, FileMode = 0x1b6 },
        new() { Type = "c", Path = "/dev/full", Major = 1, Minor = 7, FileMode = 0x1b6 },
        new() { Type = "c", Path = "/dev/random", Major = 1, Minor = 8, FileMode = 0x1b6 },
        new() { Type = "c", Path = "/dev/urandom", Major = 1, Minor = 9, FileMode = 0x1b6 },
        new() { Type = "c", Path = "/dev/tty", Major = 5, Minor = 0, FileMode = 0x1b6 },
    ];

    /// <summary>True unless /dev is bind-mounted from elsewhere, in which case it is left alone.</summary>
    public static bool NeedsSetup(RuntimeSpec spec) =>
        !(spec.Mounts ?? []).Any(m => m.Destination.TrimEnd('/') == "/dev" && MountOptions.Parse(m.Options).IsBind);

    public static void Create(RuntimeSpec spec, string rootfs)
    {
        uint oldMask = Umask(0);
        try
        {
            var configured = spec.Linux?.Devices ?? [];
            foreach (var device in Defaults.Where(d => !configured.Any(c => c.Path == d.Path)).Concat(configured))
                CreateOne(device, rootfs);
        }
        finally
        {
            Umask(oldMask);
        }
        CreateSymlinks(rootfs);
    }

    private static void CreateOne(DeviceSpec device, string rootfs)
    {
        string path = SecurePath.Resolve(rootfs, device.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        uint type = device.Type switch
        {
            "c" or "u" => S_IFCHR,
            "b" => S_IFBLK,
            "p" => S_IFIFO,
            _ => throw new InitException($"device {device.Path}: unknown type \"{device.Type}\""),
        };
        uint mode = (device.FileMode ?? 0x1b6) & 0xfff;
        if (File.Exists(path)) File.Delete(path);
        if (Mknod(path, type | mode, Makedev(device.Major, device.Minor)) != 0)
        {
            var error = LinuxException.FromLastError("mknod", device.Path);
            if (error.Errno != Errno.EPERM) throw error;
            // Without CAP_MKNOD (e.g. in a user namespace) bind the host's node instead.
            RootfsMounts.CreateTarget(path, isDirectory: false);
            Check(Mount(device.Path, path, "bind", MS_BIND, null), "mount", device.Path);
            return;
        }
        Check(Chmod(path, mode), "chmod", device.Path);
        Check(Lchown(path, device.Uid ?? 0, device.Gid ?? 0), "chown", device.Path);
    }

    private static void CreateSymlinks(string rootfs)
    {
        (string Target, string Link)[] links =
        [
            ("/proc/self/fd", "/dev/fd"),
            ("/proc/self/fd/0", "/dev/stdin"),
            ("/proc/self/fd/1", "/dev/stdout"),
            ("/proc/self/fd/2", "/dev/stderr"),
        ];
        foreach (var (target, link) in links)
            Symlink(target, rootfs + link); // EEXIST: the image or a mount already provides it

        if (File.Exists("/proc/kcore")) Symlink("/proc/kcore", rootfs + "/dev/core");

        // The private devpts instance's ptmx, so ptys opened in the container belong to it.
        string ptmx = rootfs + "/dev/ptmx";
        if (Directory.Exists(rootfs + "/dev/pts"))
        {
            if (File.Exists(ptmx) || Path.Exists(ptmx)) File.Delete(ptmx);
            Check(Symlink("pts/ptmx", ptmx), "symlink", "/dev/ptmx");
        }
    }
}
