using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Runtime;

/// <summary>Checks a config.json for what the runtime cannot act on, before anything is created.</summary>
public static class SpecValidator
{
    public static void Validate(RuntimeSpec spec)
    {
        if (spec.Root is null || string.IsNullOrEmpty(spec.Root.Path))
            throw WharfException.Invalid("config.json: root.path is required");
        if (spec.Process is null)
            throw WharfException.Invalid("config.json: process is required");
        ValidateProcess(spec.Process);
        if (spec.Linux is null)
            throw WharfException.Invalid("config.json: linux section is required on Linux");

        var seen = new HashSet<string>();
        foreach (var ns in spec.Linux.Namespaces ?? [])
        {
            if (!NamespaceKind.TryParse(ns.Type, out _))
                throw WharfException.Invalid($"config.json: unknown namespace type \"{ns.Type}\"");
            if (!seen.Add(ns.Type))
                throw WharfException.Invalid($"config.json: namespace \"{ns.Type}\" is listed twice");
            if (ns.Path is { Length: > 0 } nsPath && !File.Exists(nsPath))
                throw WharfException.NotFound($"config.json: namespace path {nsPath} does not exist");
        }
        if (Has("user"))
            throw WharfException.Invalid("config.json: user namespaces are not supported yet");
        if (!string.IsNullOrEmpty(spec.Hostname) && !Has("uts"))
            throw WharfException.Invalid("config.json: unable to set hostname without a private UTS namespace");

        foreach (var mount in spec.Mounts ?? [])
        {
            if (!mount.Destination.StartsWith('/'))
                throw WharfException.Invalid($"config.json: mount destination {mount.Destination} is not absolute");
        }

        bool Has(string type) => seen.Contains(type);
    }

    public static void ValidateProcess(ProcessSpec process)
    {
        if (process.Args is not { Count: > 0 } || string.IsNullOrEmpty(process.Args[0]))
            throw WharfException.Invalid("config.json: process.args must not be empty");
        if (!process.Cwd.StartsWith('/'))
            throw WharfException.Invalid($"config.json: process.cwd {process.Cwd} is not an absolute path");
        foreach (var rlimit in process.Rlimits ?? [])
        {
            if (!Init.ResourceLimits.IsKnown(rlimit.Type))
                throw WharfException.Invalid($"config.json: unknown rlimit type {rlimit.Type}");
            if (rlimit.Soft > rlimit.Hard)
                throw WharfException.Invalid($"config.json: rlimit {rlimit.Type} soft {rlimit.Soft} exceeds hard {rlimit.Hard}");
        }
    }
}
