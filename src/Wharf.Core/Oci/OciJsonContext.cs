using System.Text.Json.Serialization;

namespace Wharf.Core.Oci;

/// <summary>Source-generated (AOT-safe) JSON for the OCI runtime documents.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(ProcessSpec))]
[JsonSerializable(typeof(ContainerStateDocument))]
[JsonSerializable(typeof(LinuxResources))]
public sealed partial class OciJsonContext : JsonSerializerContext;
