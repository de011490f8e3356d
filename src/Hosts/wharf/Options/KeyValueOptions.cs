namespace Wharf.Cli.Options;

/// <summary>
/// The checks docker's option types run on -e, -l and --add-host as they are parsed
/// (opts.ValidateEnv, ValidateLabel, ValidateExtraHost), and how the lists become the request's.
/// </summary>
internal static class KeyValueOptions
{
    /// <summary>-e: a name is required; the value may be empty.</summary>
    public static string CheckEnv(string value)
    {
        int eq = value.IndexOf('=');
        if ((eq < 0 ? value : value[..eq]).Length == 0) throw new FormatException("invalid environment variable: " + value);
        return value;
    }

    /// <summary>-e NAME without a value takes the CLI's own NAME, when it has one (docker's ValidateEnv).</summary>
    public static string ResolveEnv(string value, Func<string, string?> environment) =>
        value.Contains('=') || environment(value) is not string found ? value : value + "=" + found;

    /// <summary>--env-file files, then -e values (which win: they come later), as ReadKVEnvStrings.</summary>
    public static List<string> Environment(IEnumerable<string> files, IEnumerable<string> values, Func<string, string?> environment)
    {
        var all = new List<string>();
        foreach (string file in files) all.AddRange(KeyValueFile.Read(file, environment));
        all.AddRange(values.Select(v => ResolveEnv(v, environment)));
        return all;
    }

    public static string CheckLabel(string value)
    {
        int eq = value.IndexOf('=');
        string key = (eq < 0 ? value : value[..eq]).TrimStart(' ', '\t');
        if (key.Length == 0) throw new FormatException($"invalid label '{value}': empty name");
        if (key.AsSpan().IndexOfAny(' ', '\t') >= 0) throw new FormatException($"label '{key}' contains whitespaces");
        return value;
    }

    /// <summary>--label-file files then -l values, as a map (a later key wins).</summary>
    public static Dictionary<string, string> Labels(IEnumerable<string> files, IEnumerable<string> values)
    {
        var all = new List<string>();
        foreach (string file in files) all.AddRange(KeyValueFile.Read(file, lookup: null));
        all.AddRange(values);
        return ToMap(all);
    }

    /// <summary>["k=v", "k2"] → {k: v, k2: ""} (ConvertKVStringsToMap).</summary>
    public static Dictionary<string, string> ToMap(IEnumerable<string> values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string value in values)
        {
            int eq = value.IndexOf('=');
            if (eq < 0) map[value] = "";
            else map[value[..eq]] = value[(eq + 1)..];
        }
        return map;
    }

    /// <summary>--add-host host:ip or host=ip (brackets allowed around an IPv6 address); sent as host:ip.</summary>
    public static string CheckExtraHost(string value)
    {
        int sep = value.IndexOf('=');
        if (sep < 0) sep = value.IndexOf(':');
        string host = sep < 0 ? "" : value[..sep];
        if (sep < 0 || host.Length == 0 || host.Contains(':')) throw new FormatException($"bad format for add-host: {CommandLine.GoParse.Quote(value)}");
        string address = value[(sep + 1)..];
        if (address != "host-gateway")
        {
            if (address.Length > 2 && address[0] == '[' && address[^1] == ']') address = address[1..^1];
            if (!IpAddressText.TryParse(address.Trim(), out _))
                throw new FormatException($"invalid IP address in add-host: {CommandLine.GoParse.Quote(address)}");
        }
        return host + ":" + address;
    }

    /// <summary>--sysctl: only namespaced sysctls are allowed (docker's ValidateSysctl).</summary>
    public static string CheckSysctl(string value)
    {
        int eq = value.IndexOf('=');
        string key = eq < 0 ? "" : value[..eq];
        bool allowed = key.Length > 0 && (key is "kernel.msgmax" or "kernel.msgmnb" or "kernel.msgmni" or "kernel.sem" or "kernel.shmall"
            or "kernel.shmmax" or "kernel.shmmni" or "kernel.shm_rmid_forced"
            || key.StartsWith("net.", StringComparison.Ordinal) || key.StartsWith("fs.mqueue.", StringComparison.Ordinal));
        return allowed ? value : throw new FormatException($"sysctl '{value}' is not allowed");
    }
}
