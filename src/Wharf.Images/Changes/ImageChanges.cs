using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Images.Changes;

/// <summary>
/// Applies `--change` lines (`docker import`, `docker commit`) to an image's run config, with the
/// instructions and forms Docker accepts there: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD,
/// STOPSIGNAL, USER, VOLUME, WORKDIR. A bad line is an InvalidArgument quoting it. Variables
/// ($VAR, ${VAR}, ${VAR:-default}, ...) are expanded from the config's Env as it stands before the
/// line (so `ENV PATH=$PATH:/x` extends it), in the instructions Docker expands them in: ENV,
/// LABEL, EXPOSE, VOLUME, WORKDIR, USER, STOPSIGNAL; never in CMD, ENTRYPOINT or ONBUILD, whose
/// shell form is the container's to evaluate.
/// </summary>
public static class ImageChanges
{
    public static ImageExecutionConfig Apply(ImageExecutionConfig? config, IEnumerable<string> lines)
    {
        var result = config ?? new ImageExecutionConfig();
        foreach (string line in lines)
        {
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            int space = text.IndexOfAny([' ', '\t']);
            string instruction = space < 0 ? text : text[..space];
            string arguments = space < 0 ? "" : text[(space + 1)..].Trim();
            try
            {
                result = ApplyOne(result, instruction.ToUpperInvariant(), arguments)
                    ?? throw new FormatException($"{instruction} is not a valid change command");
            }
            catch (FormatException e)
            {
                throw WharfException.Invalid($"invalid change \"{Shown(line)}\": {e.Message}");
            }
        }
        return result;
    }

    private static ImageExecutionConfig? ApplyOne(ImageExecutionConfig config, string instruction, string arguments)
    {
        if (arguments.Length == 0 && instruction is not ("CMD" or "ENTRYPOINT"))
            throw new FormatException($"{instruction} requires at least one argument");
        var env = ChangeWords.Lookup(config.Env);
        return instruction switch
        {
            "CMD" => config with { Cmd = Command(arguments) },
            // Docker: setting ENTRYPOINT resets a CMD inherited from before.
            "ENTRYPOINT" => config with { Entrypoint = Command(arguments), Cmd = null },
            "ENV" => config with { Env = MergeEnv(config.Env, Pairs(arguments, "ENV", env)) },
            "LABEL" => config with { Labels = Merge(config.Labels, Pairs(arguments, "LABEL", env)) },
            "EXPOSE" => config with { ExposedPorts = AddKeys(config.ExposedPorts, ChangeWords.Split(arguments, env).Select(Port)) },
            "VOLUME" => config with { Volumes = AddKeys(config.Volumes, Volumes(arguments, env)) },
            "WORKDIR" => config with { WorkingDir = WorkDir(config.WorkingDir, arguments, env) },
            "USER" => config with { User = Single(arguments, "USER", env) },
            "STOPSIGNAL" => config with { StopSignal = Single(arguments, "STOPSIGNAL", env) },
            "ONBUILD" => config with { OnBuild = [.. config.OnBuild ?? [], arguments] },
            _ => null,
        };
    }

    /// <summary>Exec form as given; shell form wrapped in /bin/sh -c, as Docker does.</summary>
    private static List<string>? Command(string arguments)
    {
        if (arguments.Length == 0) return null;
        return ChangeWords.TryParseJsonArray(arguments) ?? ["/bin/sh", "-c", arguments];
    }

    /// <summary>"k=v k2='v 2'" or the legacy "k value with spaces".</summary>
    private static List<KeyValuePair<string, string>> Pairs(string arguments, string instruction, Func<string, string?> env)
    {
        var words = ChangeWords.Split(arguments, env);
        if (words.Count == 0) throw new FormatException($"{instruction} requires at least one argument");
        if (!words[0].Contains('='))
        {
            int space = arguments.IndexOfAny([' ', '\t']);
            if (space < 0) throw new FormatException($"{instruction} must have two arguments");
            string value = string.Join(' ', ChangeWords.Split(arguments[(space + 1)..], env));
            return [new(Key(words[0], instruction), value)];
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string word in words)
        {
            int equals = word.IndexOf('=');
            if (equals < 0) throw new FormatException($"{instruction}: \"{word}\" is not of the form key=value");
            pairs.Add(new(Key(word[..equals], instruction), word[(equals + 1)..]));
        }
        return pairs;
    }

    private static string Key(string key, string instruction) =>
        key.Length > 0 ? key : throw new FormatException($"{instruction} names can not be blank");

    private static List<string> MergeEnv(IReadOnlyList<string>? env, List<KeyValuePair<string, string>> pairs)
    {
        var result = env?.ToList() ?? [];
        foreach (var (key, value) in pairs)
        {
            int existing = result.FindIndex(e => e == key || e.StartsWith(key + "=", StringComparison.Ordinal));
            string entry = $"{key}={value}";
            if (existing >= 0) result[existing] = entry;
            else result.Add(entry);
        }
        return result;
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? labels, List<KeyValuePair<string, string>> pairs)
    {
        var result = labels is null ? new Dictionary<string, string>() : new Dictionary<string, string>(labels);
        foreach (var (key, value) in pairs) result[key] = value;
        return result;
    }

    private static Dictionary<string, EmptyObject> AddKeys(IReadOnlyDictionary<string, EmptyObject>? existing, IEnumerable<string> keys)
    {
        var result = existing is null ? new Dictionary<string, EmptyObject>() : new Dictionary<string, EmptyObject>(existing);
        foreach (string key in keys) result[key] = EmptyObject.Instance;
        return result;
    }

    /// <summary>"80", "80/udp", "8000-8010/tcp" → "80/tcp", ...; tcp when no protocol is given.</summary>
    private static string Port(string word)
    {
        int slash = word.IndexOf('/');
        string ports = slash < 0 ? word : word[..slash];
        string protocol = slash < 0 ? "tcp" : word[(slash + 1)..].ToLowerInvariant();
        if (protocol is not ("tcp" or "udp" or "sctp")) throw new FormatException($"invalid proto: {protocol}");
        string[] range = ports.Split('-');
        if (range.Length > 2 || range.Any(p => !ushort.TryParse(p, out ushort n) || n == 0 || p.Any(c => !char.IsAsciiDigit(c))))
            throw new FormatException($"invalid containerPort: {ports}");
        return $"{ports}/{protocol}";
    }

    private static IEnumerable<string> Volumes(string arguments, Func<string, string?> env)
    {
        var paths = ChangeWords.TryParseJsonArray(arguments)?.Select(path => ChangeWords.Expand(path, env)).ToList()
            ?? ChangeWords.Split(arguments, env);
        if (paths.Count == 0 || paths.Any(p => p.Trim().Length == 0)) throw new FormatException("VOLUME specified can not be an empty string");
        return paths;
    }

    private static string WorkDir(string? current, string arguments, Func<string, string?> env)
    {
        var words = ChangeWords.Split(arguments, env);
        if (words.Count != 1) throw new FormatException("WORKDIR requires exactly one argument");
        string dir = words[0];
        // Relative to the previous WORKDIR, as in a Dockerfile.
        return dir.StartsWith('/') ? dir : Path.Join(string.IsNullOrEmpty(current) ? "/" : current, dir);
    }

    private static string Single(string arguments, string instruction, Func<string, string?> env)
    {
        var words = ChangeWords.Split(arguments, env);
        return words.Count == 1 ? words[0] : throw new FormatException($"{instruction} requires exactly one argument");
    }

    private static string Shown(string line) => line.Length > 200 ? line[..200] + "..." : line;
}
