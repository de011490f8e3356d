using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Linux.Interop;
using Wharf.Linux.Mounts;
using Wharf.Runtime.Process;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Runtime.Init;

/// <summary>
/// Builds the container's mount table inside its new mount namespace, before pivot_root:
/// the root made a mount point, then every config.json mount placed securely inside it.
/// </summary>
internal static class RootfsMounts
{
    /// <param name="ownNamespace">False when the container shares the host's mount namespace:
    /// then the host's propagation is left alone.</param>
    public static void Prepare(RuntimeSpec spec, string rootfs, bool ownNamespace)
    {
        // Nothing mounted from here on may propagate back to the host.
        if (ownNamespace)
            Check(Mount(null, "/", null, RootPropagation(spec.Linux?.RootfsPropagation), null), "mount", "/");
        // pivot_root refuses a new root whose parent mount is shared (rootfsPropagation "shared").
        if (ownNamespace) MakeParentMountPrivate(rootfs);
        // The root must be a mount point: for pivot_root, and so that a read-only remount of
        // "/" inside the container changes this bind mount only.
        Check(Mount(rootfs, rootfs, "bind", MS_BIND | MS_REC, null), "mount", rootfs);
    }

    /// <summary>A rootfsPropagation value as a flag set; rslave when unset, as runc does.</summary>
    internal static ulong RootPropagation(string? value) =>
        string.IsNullOrEmpty(value) ? MS_SLAVE | MS_REC
        : MountOptions.TryParsePropagation(value, out ulong flags) ? flags
        : throw new InitException($"config.json: unknown rootfsPropagation {value}");

    private static void MakeParentMountPrivate(string rootfs)
    {
        string parent = Path.GetDirectoryName(rootfs) ?? "/";
        string? mountPoint = null;
        bool shared = false;
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mount-point options optional-fields... - type source super-options
            string[] fields = line.Split(' ');
            if (fields.Length < 7) continue;
            string point = fields[4].Replace("\\040", " ");
            bool contains = parent == point || parent.StartsWith(point.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (!contains || (mountPoint is not null && point.Length < mountPoint.Length)) continue;
            mountPoint = point;
            shared = fields.Skip(6).TakeWhile(f => f != "-").Any(f => f.StartsWith("shared:", StringComparison.Ordinal));
        }
        if (mountPoint is not null && shared)
            Check(Mount(null, mountPoint, null, MS_PRIVATE, null), "mount", mountPoint);
    }

    public static void MountAll(InitRequest request)
    {
        foreach (MountSpec mount in request.Spec.Mounts ?? [])
            MountOne(mount, request);
    }

    private static void MountOne(MountSpec mount, InitRequest request)
    {
        var options = MountOptions.Parse(mount.Options);
        string target = SecurePath.Resolve(request.Rootfs, mount.Destination);
        string type = mount.Type ?? "";

        if (type == "cgroup" || type == "cgroup2")
        {
            CgroupMount(target, options, request);
            return;
        }

        if (options.IsBind || type == "bind")
        {
            string source = Path.GetFullPath(mount.Source ?? "", request.Bundle);
            if (!Path.Exists(source))
                throw new InitException($"mount source {source} for {mount.Destination} does not exist");
            CreateTarget(target, isDirectory: Directory.Exists(source));
            Check(Mount(source, target, null, MS_BIND | (options.Flags & MS_REC), null), "mount", target);
            if ((options.RemountFlags & ~MS_REC) != 0)
                Check(Mount(null, target, null, options.RemountFlags | MS_BIND | MS_REMOUNT, null), "remount", target);
        }
        else
        {
            CreateTarget(target, isDirectory: true);
            ulong flags = options.Flags;
            // tmpfs is populated before it becomes read-only, as runc does.
            bool lateReadonly = type == "tmpfs" && (flags & MS_RDONLY) != 0;
            if (lateReadonly) flags &= ~MS_RDONLY;
            string? data = options.Data.Length == 0 ? null : options.Data;
            if (Mount(mount.Source ?? type, target, type, flags, data) != 0)
            {
                var error = LinuxException.FromLastError("mount", mount.Destination);
                // mqueue cannot be mounted without a new IPC namespace: bind the host's, as runc does.
                if (type != "mqueue" || error.Errno != Errno.EPERM) throw error;
                Check(Mount("/dev/mqueue", target, null, MS_BIND, null), "mount", target);
            }
            if (lateReadonly)
                Check(Mount(null, target, null, flags | MS_RDONLY | MS_REMOUNT, data), "remount", target);
        }

        foreach (ulong propagation in options.Propagation)
            Check(Mount(null, target, null, propagation, null), "mount", target);
    }

    /// <summary>
    /// A tmpfs at the destination with one bind mount per hierarchy of the container's own
    /// cgroup, so the container sees itself at the root and nothing of the host's tree.
    /// </summary>
    private static void CgroupMount(string target, MountOptions options, InitRequest request)
    {
        CreateTarget(target, isDirectory: true);
        ulong flags = options.Flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME);
        Check(Mount("tmpfs", target, "tmpfs", flags, "mode=755"), "mount", target);
        foreach (var source in request.CgroupMounts)
        {
            if (!Directory.Exists(source.HostPath)) continue;
            string dir = Path.Combine(target, source.Name);
            Directory.CreateDirectory(dir);
            Check(Mount(source.HostPath, dir, null, MS_BIND | MS_REC, null), "mount", dir);
            Check(Mount(null, dir, null, MS_BIND | MS_REMOUNT | (options.Flags & ~(MS_BIND | MS_REC | MS_REMOUNT)), null), "remount", dir);
        }
        if ((options.Flags & MS_RDONLY) != 0)
            Check(Mount(null, target, null, flags | MS_RDONLY | MS_REMOUNT, "mode=755"), "remount", target);
    }

    internal static void CreateTarget(string target, bool isDirectory)
    {
        if (isDirectory)
        {
            Directory.CreateDirectory(target);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (!Path.Exists(target)) File.WriteAllBytes(target, []);
    }
}
