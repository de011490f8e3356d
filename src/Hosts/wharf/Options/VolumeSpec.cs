using Wharf.Api.Types;

namespace Wharf.Cli.Options;

/// <summary>
/// -v/--volume as docker run splits it: "SOURCE:TARGET[:OPTIONS]" is a bind (a host path) or a
/// named volume and goes to HostConfig.Binds, a relative "./dir" made absolute; a lone "TARGET"
/// is an anonymous volume in Config.Volumes.
/// </summary>
internal static class VolumeSpec
{
    public static (List<string> Binds, Dictionary<string, EmptyObject> Volumes) Split(IEnumerable<string> specs, string currentDirectory)
    {
        var binds = new List<string>();
        var volumes = new Dictionary<string, EmptyObject>(StringComparer.Ordinal);
        foreach (string spec in specs)
        {
            if (spec.Length == 0) throw new CliError("invalid empty volume spec");
            string[] parts = spec.Split(':');
            if (parts.Length > 3) throw new CliError($"invalid spec: {spec}: too many colons");
            if (parts.Any(p => p.Length == 0)) throw new CliError($"invalid spec: {spec}: empty section between colons");
            if (parts.Length == 1)
            {
                volumes.TryAdd(spec, EmptyObject.Instance);
                continue;
            }
            string source = parts[0];
            if (!source.StartsWith('/') && source.StartsWith('.'))
                source = Path.GetFullPath(source, currentDirectory);
            binds.Add(source + spec[parts[0].Length..]);
        }
        return (binds, volumes);
    }
}
