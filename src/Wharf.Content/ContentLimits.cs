namespace Wharf.Content;

/// <summary>
/// The most a reader accepts for small JSON documents, so a hostile registry or tar cannot make
/// Wharf buffer an attacker-sized "manifest".
/// </summary>
public static class ContentLimits
{
    /// <summary>Manifests and indexes: the distribution spec's 4 MiB, which registries enforce too.</summary>
    public const long Manifest = 4 * 1024 * 1024;

    /// <summary>Image configs: large histories and labels fit with room to spare.</summary>
    public const long Config = 8 * 1024 * 1024;
}
