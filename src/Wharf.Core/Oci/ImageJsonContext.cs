using System.Text.Json.Serialization;
using Wharf.Core.Images;

namespace Wharf.Core.Oci;

/// <summary>
/// Source-generated (AOT-safe) JSON for image documents. Compact, nulls omitted, as registries
/// and Docker write them. Every property names its JSON field itself, so no naming policy applies.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ImageManifest))]
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(Platform))]
public sealed partial class ImageJsonContext : JsonSerializerContext;
