using System.Globalization;
using Wharf.Core;

namespace Wharf.Containers;

/// <summary>
/// HostConfig.Mounts as moby's Linux mount parser checks them (volume/mounts: validateMountConfigImpl,
/// parseMountSpec) and as registerMountPoints lays them out with the binds: one mount per
/// destination, moby's messages. Wharf mounts binds and tmpfs; volume and image mounts (no volume
/// store yet) and Windows/swarm types are refused.
/// </summary>
public static class MountCheck
{
    private static readonly HashSet<string> Propagations = new(StringComparer.Ordinal) { "private", "rprivate", "slave", "rslave", "shared", "rshared" };

    /// <summary>Throws InvalidArgument for a mount moby refuses, or one Wharf cannot make.</summary>
    /// <param name="pathExists">Whether a bind source exists on the host (moby stats it at create).</param>
    public static void Validate(HostSettings host, Func<string, bool> pathExists)
    {
        var destinations = new HashSet<string>(StringComparer.Ordinal);
        foreach (string bind in host.Binds ?? [])
        {
            var spec = BindSpec.Parse(bind);
            if (!destinations.Add(spec.Destination) || (host.Tmpfs?.ContainsKey(spec.Destination) ?? false))
                throw Duplicate(spec.Destination);
        }
        foreach (var mount in host.Mounts ?? [])
        {
            ValidateOne(mount, pathExists);
            // moby names the destination as the client wrote it.
            if (!destinations.Add(ContainerCreation.CleanPath(mount.Target))) throw Duplicate(mount.Target);
        }
    }

    /// <summary>What inspect lists as Mounts (moby's MountPoints): the binds, then the --mounts, in order.</summary>
    public static List<ContainerMountPoint> MountPoints(HostSettings host)
    {
        var points = new List<ContainerMountPoint>();
        foreach (string bind in host.Binds ?? [])
        {
            var spec = BindSpec.Parse(bind);
            if (spec.Type != "bind") continue;
            points.Add(new ContainerMountPoint
            {
                Type = "bind", Source = spec.Source, Destination = spec.Destination, Mode = spec.Mode, RW = !spec.ReadOnly,
                Propagation = spec.Propagation,
            });
        }
        foreach (var mount in host.Mounts ?? [])
        {
            bool bind = mount.Type == "bind";
            points.Add(new ContainerMountPoint
            {
                Type = mount.Type,
                Source = bind ? ContainerCreation.CleanPath(mount.Source) : "",
                Destination = ContainerCreation.CleanPath(mount.Target),
                RW = !mount.ReadOnly,
                Propagation = bind ? (string.IsNullOrEmpty(mount.BindOptions?.Propagation) ? "rprivate" : mount.BindOptions.Propagation) : "",
            });
        }
        return points;
    }

    /// <summary>moby's ConvertTmpfsOptions: "ro", "mode=OCTAL", "size=N[kmg]" and the allowed extra options, comma-joined.</summary>
    public static string TmpfsData(MountRequest mount)
    {
        var options = new List<string>();
        if (mount.ReadOnly) options.Add("ro");
        var tmpfs = mount.TmpfsOptions;
        if (tmpfs is { Mode: not 0 }) options.Add("mode=" + Convert.ToString(tmpfs.Mode, 8));
        if (tmpfs is { SizeBytes: not 0 })
        {
            long size = tmpfs.SizeBytes;
            string suffix = "";
            foreach ((string unit, long divisor) in new[] { ("g", 1L << 30), ("m", 1L << 20), ("k", 1L << 10) })
            {
                if (size % divisor == 0)
                {
                    size /= divisor;
                    suffix = unit;
                    break;
                }
            }
            options.Add("size=" + size.ToString(CultureInfo.InvariantCulture) + suffix);
        }
        foreach (var option in tmpfs?.Options ?? [])
        {
            if (option.Count is < 1 or > 2) throw new FormatException("invalid option array length");
            if (option[0] is not ("exec" or "noexec")) throw new FormatException("invalid option: " + option[0]);
            options.Add(option.Count == 1 ? option[0] : option[0] + "=" + option[1]);
        }
        return string.Join(',', options);
    }

    private static void ValidateOne(MountRequest mount, Func<string, bool> pathExists)
    {
        if (mount.Target.Length == 0) throw Invalid(mount, "field Target must not be empty");
        if (ContainerCreation.CleanPath(mount.Target.Replace('\\', '/')) == "/" && mount.Target.Replace('\\', '/').StartsWith('/'))
            throw Invalid(mount, "invalid specification: destination can't be '/'");
        if (!mount.Target.Replace('\\', '/').StartsWith('/'))
            throw Invalid(mount, $"invalid mount path: '{UntrustedName.Show(mount.Target.Replace('\\', '/'))}' mount path must be absolute");
        switch (mount.Type)
        {
            case "bind":
                if (mount.Source.Length == 0) throw Invalid(mount, "field Source must not be empty");
                if (mount.BindOptions?.Propagation is { Length: > 0 } propagation && !Propagations.Contains(propagation))
                    throw Invalid(mount, $"invalid propagation mode: {UntrustedName.Show(propagation)}");
                if (mount.HasVolumeOptions) throw Invalid(mount, "field VolumeOptions must not be specified");
                if (mount.HasImageOptions) throw Invalid(mount, "field ImageOptions must not be specified");
                if (!mount.Source.Replace('\\', '/').StartsWith('/'))
                    throw Invalid(mount, $"invalid mount path: '{UntrustedName.Show(mount.Source.Replace('\\', '/'))}' mount path must be absolute");
                if (!pathExists(mount.Source) && mount.BindOptions is not { CreateMountpoint: true })
                    throw Invalid(mount, $"bind source path does not exist: {UntrustedName.Show(mount.Source)}");
                // wharf-runtime has no recursive read-only mounts (mount_setattr) yet: moby refuses this where the kernel lacks them.
                if (mount.BindOptions is { ReadOnlyForceRecursive: true })
                    throw Invalid(mount, "recursive read-only mounts (bind-recursive=readonly) are not supported by wharf yet");
                break;
            case "tmpfs":
                if (mount.BindOptions is not null) throw Invalid(mount, "field BindOptions must not be specified");
                if (mount.HasImageOptions) throw Invalid(mount, "field ImageOptions must not be specified");
                if (mount.Source.Length != 0) throw Invalid(mount, "field Source must not be specified");
                try
                {
                    TmpfsData(mount);
                }
                catch (FormatException e)
                {
                    throw Invalid(mount, e.Message);
                }
                break;
            case "volume":
                if (mount.BindOptions is not null) throw Invalid(mount, "field BindOptions must not be specified");
                if (mount.HasImageOptions) throw Invalid(mount, "field ImageOptions must not be specified");
                if (mount.ReadOnly && mount.Source.Length == 0) throw Invalid(mount, "must not set ReadOnly mode when using anonymous volumes");
                throw Invalid(mount, "volumes are not supported by wharf yet");
            case "image":
                if (mount.BindOptions is not null) throw Invalid(mount, "field BindOptions must not be specified");
                if (mount.HasVolumeOptions) throw Invalid(mount, "field VolumeOptions must not be specified");
                if (mount.Source.Length == 0) throw Invalid(mount, "field Source must not be empty");
                throw Invalid(mount, "image mounts are not supported by wharf yet");
            default:
                throw Invalid(mount, "mount type unknown");
        }
    }

    private static WharfException Duplicate(string destination) => WharfException.Invalid($"Duplicate mount point: {UntrustedName.Show(destination)}");

    private static WharfException Invalid(MountRequest mount, string reason) =>
        WharfException.Invalid($"invalid mount config for type \"{UntrustedName.Show(mount.Type)}\": {reason}");
}
