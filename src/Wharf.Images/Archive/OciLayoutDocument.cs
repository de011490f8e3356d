using System.Text.Json.Serialization;

namespace Wharf.Images.Archive;

/// <summary>The OCI image layout's "oci-layout" file.</summary>
internal sealed record OciLayoutDocument
{
    public const string CurrentVersion = "1.0.0";

    [JsonPropertyName("imageLayoutVersion")]
    public string? ImageLayoutVersion { get; init; }
}
