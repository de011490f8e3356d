using System.Text.Json.Serialization;
using Wharf.Core.Images;

namespace Wharf.Images.Archive;

/// <summary>
/// One image in a docker-archive's manifest.json (moby's image/tarexport manifestItem): the
/// config's and layers' paths inside the archive, and the tags it had.
/// </summary>
internal sealed record DockerArchiveEntry
{
    [JsonPropertyName("Config")]
    public string? Config { get; init; }

    /// <summary>Familiar tagged names ("busybox:latest"); null for an untagged image, as Docker writes it.</summary>
    [JsonPropertyName("RepoTags")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public IReadOnlyList<string>? RepoTags { get; init; }

    [JsonPropertyName("Layers")]
    public IReadOnlyList<string>? Layers { get; init; }

    /// <summary>Foreign (non-distributable) layers' descriptors, by diffID.</summary>
    [JsonPropertyName("LayerSources")]
    public IReadOnlyDictionary<string, Descriptor>? LayerSources { get; init; }

    [JsonPropertyName("Parent")]
    public string? Parent { get; init; }
}
