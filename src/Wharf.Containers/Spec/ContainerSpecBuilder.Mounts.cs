using System.Globalization;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers;

public static partial class ContainerSpecBuilder
{
    private static readonly HashSet<string> PropagationModes = new(StringComparer.Ordinal) { "private", "rprivate", "shared", "rshared", "slave", "rslave" };

    // Kept writable on a read-only rootfs, as Docker keeps them.
    private static readonly HashSet<string> WritableOnReadonlyRootfs = new(StringComparer.Ordinal) { "/proc", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev" };

    /// <summary>
    /// Docker's withMounts: its default mounts (less those a user mount replaces, and everything
    /// under /dev when /dev itself is user-mounted), then the user's mounts, shallowest first:
    /// /etc/resolv.conf, /etc/hostname, /etc/hosts, volumes and binds, tmpfs.
    /// </summary>
    private static List<MountSpec> BuildMounts(ContainerSpecInput input, HostSettings host, SecurityOptions security, bool init)
    {
        var container = input.Container;
        var defaults = DefaultMounts(host.ShmSize);
        if (init)
        {
            if (string.IsNullOrEmpty(input.InitPath))
                throw new WharfException(ErrorKind.Internal, "the container asks for an init, but the daemon has no init binary (docker-init) configured");
            defaults.Add(new MountSpec { Destination = InitInContainer, Type = "bind", Source = input.InitPath, Options = ["bind", "ro"] });
        }

        var user = new List<MountSpec>();
        AddFileMount(user, container.ResolvConfPath, "/etc/resolv.conf", host.ReadonlyRootfs);
        AddFileMount(user, container.HostnamePath, "/etc/hostname", host.ReadonlyRootfs);
        AddFileMount(user, container.HostsPath, "/etc/hosts", host.ReadonlyRootfs);
        foreach (var mount in HostBinds(host)) user.Add(Bind(mount));
        foreach (var mount in input.Mounts) user.Add(Bind(mount));
        foreach (var (destination, data) in host.Tmpfs ?? new Dictionary<string, string>())
        {
            CheckDestination(destination, "tmpfs");
            user.Add(new MountSpec { Destination = destination, Type = "tmpfs", Source = "tmpfs", Options = TmpfsOptions.Merge(data) });
        }
        foreach (var mount in host.Mounts ?? [])
        {
            if (mount.Type != "tmpfs") continue;
            string destination = ContainerCreation.CleanPath(mount.Target);
            user.Add(new MountSpec { Destination = destination, Type = "tmpfs", Source = "tmpfs", Options = TmpfsOptions.Merge(MountCheck.TmpfsData(mount)) });
        }
        // Docker's sortMounts: by depth of the destination, so a parent is mounted before its children.
        user = user.OrderBy(m => Depth(m.Destination)).ToList();

        var userDestinations = user.Select(m => m.Destination).ToHashSet(StringComparer.Ordinal);
        bool userDev = userDestinations.Contains("/dev");
        var mounts = defaults.Where(m => !userDestinations.Contains(m.Destination) && !(userDev && m.Destination.StartsWith("/dev/", StringComparison.Ordinal))).ToList();
        mounts.AddRange(user);

        if (host.ReadonlyRootfs)
        {
            foreach (var mount in mounts)
            {
                if (WritableOnReadonlyRootfs.Contains(mount.Destination) || userDestinations.Contains(mount.Destination)) continue;
                if (!mount.Options!.Contains("ro")) mount.Options.Add("ro");
            }
        }
        bool writableCgroups = security.WritableCgroups ?? host.Privileged;
        for (int i = 0; i < mounts.Count; i++)
        {
            if ((host.Privileged && mounts[i].Destination == "/sys") || (writableCgroups && mounts[i].Type == "cgroup"))
                mounts[i] = mounts[i] with { Options = mounts[i].Options!.Where(o => o != "ro").ToList() };
        }
        return mounts;
    }

    private static List<MountSpec> DefaultMounts(long shmSize) =>
    [
        new() { Destination = "/proc", Type = "proc", Source = "proc", Options = ["nosuid", "noexec", "nodev"] },
        new() { Destination = "/dev", Type = "tmpfs", Source = "tmpfs", Options = ["nosuid", "strictatime", "mode=755", "size=65536k"] },
        new() { Destination = "/dev/pts", Type = "devpts", Source = "devpts", Options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"] },
        new() { Destination = "/sys", Type = "sysfs", Source = "sysfs", Options = ["nosuid", "noexec", "nodev", "ro"] },
        new() { Destination = "/sys/fs/cgroup", Type = "cgroup", Source = "cgroup", Options = ["ro", "nosuid", "noexec", "nodev"] },
        new() { Destination = "/dev/mqueue", Type = "mqueue", Source = "mqueue", Options = ["nosuid", "noexec", "nodev"] },
        new()
        {
            Destination = "/dev/shm", Type = "tmpfs", Source = "shm",
            Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=" + shmSize.ToString(CultureInfo.InvariantCulture)],
        },
    ];

    /// <summary>The daemon's per-container files, bound over the image's; skipped when not made (Docker skips what it cannot stat).</summary>
    private static void AddFileMount(List<MountSpec> mounts, string? source, string destination, bool readOnly)
    {
        if (string.IsNullOrEmpty(source) || !File.Exists(source)) return;
        var options = new List<string> { "rbind" };
        if (readOnly) options.Add("ro");
        options.Add("rprivate");
        mounts.Add(new MountSpec { Destination = destination, Type = "bind", Source = source, Options = options });
    }

    /// <summary>The host paths bound in: `-v /src:/dst` binds and `--mount type=bind` (checked at create by <see cref="MountCheck"/>).</summary>
    private static IEnumerable<ContainerMount> HostBinds(HostSettings host)
    {
        foreach (string raw in host.Binds ?? [])
        {
            var bind = BindSpec.Parse(raw);
            if (bind.Type != "bind") continue;
            yield return new ContainerMount { Source = bind.Source, Destination = bind.Destination, ReadOnly = bind.ReadOnly, Propagation = bind.Propagation };
        }
        foreach (var mount in host.Mounts ?? [])
        {
            if (mount.Type != "bind") continue;
            yield return new ContainerMount
            {
                Source = ContainerCreation.CleanPath(mount.Source),
                Destination = ContainerCreation.CleanPath(mount.Target),
                ReadOnly = mount.ReadOnly,
                Propagation = string.IsNullOrEmpty(mount.BindOptions?.Propagation) ? "rprivate" : mount.BindOptions.Propagation,
                NonRecursive = mount.BindOptions?.NonRecursive ?? false,
            };
        }
    }

    private static MountSpec Bind(ContainerMount mount)
    {
        CheckDestination(mount.Destination, "bind");
        if (!Path.IsPathRooted(mount.Source))
            throw WharfException.Invalid($"invalid mount config for type \"bind\": invalid mount path: '{UntrustedName.Show(mount.Source)}' mount path must be absolute");
        string propagation = string.IsNullOrEmpty(mount.Propagation) ? "rprivate" : mount.Propagation;
        if (!PropagationModes.Contains(propagation))
            throw WharfException.Invalid($"invalid propagation mode: {UntrustedName.Show(propagation)}");
        var options = new List<string> { mount.NonRecursive ? "bind" : "rbind" };
        if (mount.ReadOnly) options.Add("ro");
        options.Add(propagation);
        return new MountSpec { Destination = mount.Destination, Type = "bind", Source = mount.Source, Options = options };
    }

    private static void CheckDestination(string destination, string type)
    {
        if (!destination.StartsWith('/'))
            throw WharfException.Invalid($"invalid mount config for type \"{type}\": invalid mount path: '{UntrustedName.Show(destination)}' mount path must be absolute");
        if (destination.Split('/', StringSplitOptions.RemoveEmptyEntries).All(p => p == "."))
            throw WharfException.Invalid($"invalid mount config for type \"{type}\": invalid specification: destination can't be '/'");
    }

    private static int Depth(string destination) =>
        destination.Split('/', StringSplitOptions.RemoveEmptyEntries).Count(p => p != ".");
}
