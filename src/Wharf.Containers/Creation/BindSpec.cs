using Wharf.Core;

namespace Wharf.Containers;

/// <summary>
/// One `-v`/HostConfig.Binds entry, parsed as dockerd's Linux mount parser does
/// (ParseMountRaw): "DEST" (an anonymous volume), "SOURCE:DEST[:MODE]" where an absolute SOURCE
/// is a host path to bind and any other a volume name, MODE a comma list of at most one each of
/// ro/rw, z/Z, a propagation, nocopy and a consistency.
/// </summary>
public sealed record BindSpec
{
    /// <summary>"bind" or "volume".</summary>
    public string Type { get; init; } = "";

    /// <summary>The host path (a bind) or the volume's name ("" for an anonymous volume).</summary>
    public string Source { get; init; } = "";

    /// <summary>The cleaned container path.</summary>
    public string Destination { get; init; } = "";

    public bool ReadOnly { get; init; }

    /// <summary>A bind's propagation (default "rprivate"); "" for a volume.</summary>
    public string Propagation { get; init; } = "";

    /// <summary>"nocopy": do not copy the image's content into a new volume.</summary>
    public bool NoCopy { get; init; }

    /// <summary>The mode as written ("ro,z").</summary>
    public string Mode { get; init; } = "";

    private static readonly HashSet<string> RwModes = new(StringComparer.Ordinal) { "rw", "ro" };
    private static readonly HashSet<string> LabelModes = new(StringComparer.Ordinal) { "z", "Z" };
    private static readonly HashSet<string> Propagations = new(StringComparer.Ordinal) { "private", "rprivate", "slave", "rslave", "shared", "rshared" };
    private static readonly HashSet<string> Consistencies = new(StringComparer.Ordinal) { "consistent", "cached", "delegated" };

    /// <exception cref="WharfException">InvalidArgument with Docker's message.</exception>
    public static BindSpec Parse(string raw)
    {
        string[] parts = raw.Split(':', 4);
        if (parts[0].Length == 0) throw InvalidSpec(raw);
        string source = "", destination, mode = "";
        switch (parts.Length)
        {
            case 1:
                destination = parts[0];
                break;
            case 2:
                // "/foo:rw" would be a destination with a mode: volumes cannot have one.
                if (ValidMode(parts[1])) throw InvalidSpec(raw);
                (source, destination) = (parts[0], parts[1]);
                break;
            case 3:
                (source, destination, mode) = (parts[0], parts[1], parts[2]);
                break;
            default:
                throw InvalidSpec(raw);
        }
        if (!ValidMode(mode)) throw WharfException.Invalid($"invalid mode: {UntrustedName.Show(mode)}");
        string[] options = mode.Split(',');
        bool bind = source.StartsWith('/');
        string type = bind ? "bind" : "volume";

        if (destination.Length == 0) throw InvalidConfig(raw, type, "field Target must not be empty");
        if (!destination.StartsWith('/'))
            throw InvalidConfig(raw, type, $"invalid mount path: '{UntrustedName.Show(destination)}' mount path must be absolute");
        string cleaned = ContainerCreation.CleanPath(destination);
        if (cleaned == "/") throw InvalidConfig(raw, type, "invalid specification: destination can't be '/'");

        string propagation = options.FirstOrDefault(Propagations.Contains) ?? "";
        if (!bind && propagation.Length > 0) throw InvalidConfig(raw, type, "field BindOptions must not be specified");
        return new BindSpec
        {
            Type = type,
            Source = bind ? ContainerCreation.CleanPath(source) : source,
            Destination = cleaned,
            ReadOnly = options.Contains("ro"),
            Propagation = bind ? (propagation.Length > 0 ? propagation : "rprivate") : "",
            NoCopy = options.Contains("nocopy"),
            Mode = mode,
        };
    }

    /// <summary>Docker's linuxValidMountMode: known options, at most one of each kind.</summary>
    private static bool ValidMode(string mode)
    {
        if (mode.Length == 0) return true;
        int rw = 0, label = 0, propagation = 0, copy = 0, consistency = 0;
        foreach (string option in mode.Split(','))
        {
            if (RwModes.Contains(option)) rw++;
            else if (LabelModes.Contains(option)) label++;
            else if (Propagations.Contains(option)) propagation++;
            else if (option == "nocopy") copy++;
            else if (Consistencies.Contains(option)) consistency++;
            else return false;
        }
        return rw <= 1 && label <= 1 && propagation <= 1 && copy <= 1 && consistency <= 1;
    }

    private static WharfException InvalidSpec(string raw) => WharfException.Invalid($"invalid volume specification: '{UntrustedName.Show(raw)}'");

    private static WharfException InvalidConfig(string raw, string type, string reason) =>
        WharfException.Invalid($"invalid volume specification: '{UntrustedName.Show(raw)}': invalid mount config for type \"{type}\": {reason}");
}
