using System.Text.Json;
using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Runtime;

/// <summary>
/// An OCI bundle: a directory with config.json and the root filesystem it names. Loading
/// validates everything that can be checked before any kernel state is made, so a bad bundle
/// fails with one clear line and leaves nothing behind.
/// </summary>
public sealed class Bundle
{
    private Bundle(string path, RuntimeSpec spec, string rootfs)
    {
        Path = path;
        Spec = spec;
        RootfsPath = rootfs;
    }

    public string Path { get; }
    public RuntimeSpec Spec { get; }
    /// <summary>Absolute path of the root filesystem on the host.</summary>
    public string RootfsPath { get; }

    public static Bundle Load(string bundleDir)
    {
        string path = System.IO.Path.GetFullPath(bundleDir);
        if (!Directory.Exists(path))
            throw WharfException.NotFound($"bundle {path} does not exist");
        string configPath = System.IO.Path.Combine(path, "config.json");
        if (!File.Exists(configPath))
            throw WharfException.NotFound($"config.json not found in bundle {path}");

        RuntimeSpec spec = ParseSpec(File.ReadAllBytes(configPath), configPath);
        SpecValidator.Validate(spec);

        string rootfs = System.IO.Path.GetFullPath(spec.Root!.Path, path);
        if (!Directory.Exists(rootfs))
            throw WharfException.NotFound($"rootfs ({rootfs}) does not exist");
        return new Bundle(path, spec, rootfs);
    }

    public static RuntimeSpec ParseSpec(byte[] json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize(json, State.StateJsonContext.Default.RuntimeSpec)
                ?? throw WharfException.Invalid($"{source}: config is null");
        }
        catch (JsonException e)
        {
            throw WharfException.Invalid($"invalid JSON in {source}: {e.Message}", e);
        }
    }
}
