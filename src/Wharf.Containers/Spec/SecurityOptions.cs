using Wharf.Core;

namespace Wharf.Containers;

/// <summary>A container's --security-opt values, parsed as dockerd's parseSecurityOpt does.</summary>
public sealed record SecurityOptions
{
    /// <summary>Docker's name for its built-in default seccomp profile.</summary>
    public const string BuiltinSeccomp = "builtin";
    public const string Unconfined = "unconfined";

    public bool NoNewPrivileges { get; init; }

    /// <summary>"" (the default profile), <see cref="BuiltinSeccomp"/>, <see cref="Unconfined"/>, or a profile's JSON.</summary>
    public string SeccompProfile { get; init; } = "";

    public string AppArmorProfile { get; init; } = "";
    public bool? WritableCgroups { get; init; }
    public IReadOnlyList<string> LabelOptions { get; init; } = [];

    /// <exception cref="WharfException">InvalidArgument with Docker's "invalid --security-opt" messages.</exception>
    public static SecurityOptions Parse(IReadOnlyList<string>? options)
    {
        var result = new SecurityOptions();
        var labels = new List<string>();
        foreach (string opt in options ?? [])
        {
            if (opt == "no-new-privileges") { result = result with { NoNewPrivileges = true }; continue; }
            if (opt == "writable-cgroups") { result = result with { WritableCgroups = true }; continue; }
            if (opt == "disable") { labels.Add("disable"); continue; }

            int separator = opt.IndexOf('=');
            if (separator < 0) separator = opt.IndexOf(':'); // the deprecated "key:value" form
            if (separator < 0) throw WharfException.Invalid($"invalid --security-opt 1: \"{UntrustedName.Show(opt)}\"");
            string key = opt[..separator], value = opt[(separator + 1)..];
            result = key switch
            {
                "label" => result,
                "apparmor" => result with { AppArmorProfile = value },
                "seccomp" => result with { SeccompProfile = value },
                "no-new-privileges" => result with { NoNewPrivileges = ParseBool(value, opt) },
                "writable-cgroups" => result with { WritableCgroups = ParseBool(value, opt) },
                _ => throw WharfException.Invalid($"invalid --security-opt 2: \"{UntrustedName.Show(opt)}\""),
            };
            if (key == "label") labels.Add(value);
        }
        return result with { LabelOptions = labels };
    }

    /// <summary>Go's strconv.ParseBool.</summary>
    private static bool ParseBool(string value, string opt) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => throw WharfException.Invalid($"invalid --security-opt 2: \"{UntrustedName.Show(opt)}\""),
    };
}
