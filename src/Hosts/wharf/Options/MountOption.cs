using Wharf.Api.Types;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Options;

/// <summary>
/// --mount type=bind|volume|tmpfs|image|...,src=...,dst=...[,options] (docker/cli's MountOpt.Set):
/// CSV fields, keys in any case, a relative source starting with "." made absolute; docker's errors.
/// </summary>
internal static class MountOption
{
    public static Mount Parse(string value, string currentDirectory)
    {
        var mount = new Mount { Type = "volume" };
        BindOptions Bind() => mount.BindOptions ??= new BindOptions();
        TmpfsOptions Tmpfs() => mount.TmpfsOptions ??= new TmpfsOptions();
        ImageMountOptions Image() => mount.ImageOptions ??= new ImageMountOptions();
        VolumeOptions Volume()
        {
            mount.VolumeOptions ??= new VolumeOptions();
            mount.VolumeOptions.DriverConfig ??= new VolumeDriverConfig();
            return mount.VolumeOptions;
        }

        foreach (string field in CsvFields.Read(value))
        {
            int eq = field.IndexOf('=');
            string key = (eq < 0 ? field : field[..eq]).ToLowerInvariant();
            string val = eq < 0 ? "" : field[(eq + 1)..];
            if (eq < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro": mount.ReadOnly = true; continue;
                    case "volume-nocopy": Volume().NoCopy = true; continue;
                    case "bind-nonrecursive": Bind().NonRecursive = true; continue;
                    default: throw new FormatException($"invalid field '{field}' must be a key=value pair");
                }
            }
            switch (key)
            {
                case "type":
                    mount.Type = val.ToLowerInvariant();
                    break;
                case "source" or "src":
                    mount.Source = !val.StartsWith('/') && val.StartsWith('.') ? AbsolutePath(val, currentDirectory) : NullIfEmpty(val);
                    break;
                case "target" or "dst" or "destination":
                    mount.Target = NullIfEmpty(val);
                    break;
                case "readonly" or "ro":
                    mount.ReadOnly = ParseBool(key, val);
                    break;
                case "consistency":
                    mount.Consistency = NullIfEmpty(val.ToLowerInvariant());
                    break;
                case "bind-propagation":
                    Bind().Propagation = NullIfEmpty(val.ToLowerInvariant());
                    break;
                case "bind-nonrecursive":
                    Bind().NonRecursive = ParseBool(key, val);
                    break;
                case "bind-recursive":
                    switch (val)
                    {
                        case "enabled": break;
                        case "disabled": Bind().NonRecursive = true; break;
                        case "writable": Bind().ReadOnlyNonRecursive = true; break;
                        case "readonly": Bind().ReadOnlyForceRecursive = true; break;
                        default: throw new FormatException($"invalid value for {key}: {val} (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")");
                    }
                    break;
                case "volume-subpath":
                    Volume().Subpath = NullIfEmpty(val);
                    break;
                case "volume-nocopy":
                    Volume().NoCopy = GoBool(val) ?? throw new FormatException($"invalid value for volume-nocopy: {val}");
                    break;
                case "volume-label":
                    SetOnMap(Volume().Labels ??= [], val);
                    break;
                case "volume-driver":
                    Volume().DriverConfig!.Name = NullIfEmpty(val);
                    break;
                case "volume-opt":
                    SetOnMap(Volume().DriverConfig!.Options ??= [], val);
                    break;
                case "image-subpath":
                    Image().Subpath = NullIfEmpty(val);
                    break;
                case "tmpfs-size":
                    try
                    {
                        Tmpfs().SizeBytes = Units.RamInBytes(val);
                    }
                    catch (FormatException)
                    {
                        throw new FormatException($"invalid value for {key}: {val}");
                    }
                    break;
                case "tmpfs-mode":
                    try
                    {
                        ulong mode = Convert.ToUInt64(val, 8);
                        Tmpfs().Mode = mode <= uint.MaxValue ? (int)mode : throw new FormatException();
                    }
                    catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
                    {
                        throw new FormatException($"invalid value for {key}: {val}");
                    }
                    break;
                default:
                    throw new FormatException($"unexpected key '{key}' in '{field}'");
            }
        }

        if (string.IsNullOrEmpty(mount.Type)) throw new FormatException("type is required");
        if (mount.Target is null) throw new FormatException("target is required");
        if (mount.VolumeOptions is not null && mount.Type != "volume") throw Mixed("volume", mount.Type);
        if (mount.ImageOptions is not null && mount.Type != "image") throw Mixed("image", mount.Type);
        if (mount.BindOptions is not null && mount.Type != "bind") throw Mixed("bind", mount.Type);
        if (mount.TmpfsOptions is not null && mount.Type != "tmpfs") throw Mixed("tmpfs", mount.Type);
        if (mount.BindOptions is { } bind)
        {
            if (bind.ReadOnlyNonRecursive && !mount.ReadOnly)
                throw new FormatException("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
            if (bind.ReadOnlyForceRecursive)
            {
                if (!mount.ReadOnly) throw new FormatException("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
                if (bind.Propagation != "rprivate")
                    throw new FormatException("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction");
            }
        }
        return mount;
    }

    private static string? NullIfEmpty(string value) => value.Length > 0 ? value : null;

    private static FormatException Mixed(string options, string type) => new($"cannot mix '{options}-*' options with mount type '{type}'");

    private static bool ParseBool(string key, string value) => GoBool(value) ?? throw new FormatException($"invalid value for {key}: {value}");

    private static bool? GoBool(string value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    private static void SetOnMap(Dictionary<string, string> target, string value)
    {
        int eq = value.IndexOf('=');
        string key = eq < 0 ? value : value[..eq];
        if (key.Length > 0) target[key] = eq < 0 ? "" : value[(eq + 1)..];
    }

    /// <summary>Go's filepath.Abs: joined with the working directory and cleaned (no trailing slash).</summary>
    private static string AbsolutePath(string path, string currentDirectory)
    {
        string full = Path.GetFullPath(path, currentDirectory);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
