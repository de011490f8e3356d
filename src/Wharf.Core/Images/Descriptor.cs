using System.Text.Json.Serialization;

namespace Wharf.Core.Images;

/// <summary>
/// An OCI content descriptor: what a piece of content is, its digest and its size
/// (image-spec descriptor.md). Manifests, indexes and image records point at content with these.
/// </summary>
public sealed record Descriptor
{
    [JsonPropertyName("mediaType")]
    public string MediaType { get; init; } = "";

    [JsonPropertyName("digest")]
    public required Digest Digest { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    [JsonPropertyName("urls")]
    public IReadOnlyList<string>? Urls { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Set on the entries of an index: the platform the manifest is for.</summary>
    [JsonPropertyName("platform")]
    public Platform? Platform { get; init; }

    [JsonPropertyName("artifactType")]
    public string? ArtifactType { get; init; }

    /// <summary>The content itself, base64, embedded by some writers for small blobs.</summary>
    [JsonPropertyName("data")]
    public string? Data { get; init; }

    public override string ToString() => $"{MediaType} {Digest} ({Size} bytes)";
}
