using System.Text.Json.Serialization;
using Wharf.Core.Images;

namespace Wharf.Core.Oci;

/// <summary>
/// A single-platform image manifest (image-spec manifest.md): the config and the layers, bottom
/// first. Docker's schema2 manifest has the same shape and reads into this record too; the media
/// type tells them apart.
/// </summary>
public sealed record ImageManifest
{
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = 2;

    [JsonPropertyName("mediaType")]
    public string? MediaType { get; init; } = MediaTypes.OciManifest;

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    [JsonPropertyName("config")]
    public required Descriptor Config { get; init; }

    [JsonPropertyName("layers")]
    public IReadOnlyList<Descriptor> Layers { get; init; } = [];

    /// <summary>The manifest this one refers to (signatures, SBOMs: the referrers API).</summary>
    [JsonPropertyName("subject")]
    public Descriptor? Subject { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}
