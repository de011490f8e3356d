using System.Text.Json.Serialization;

namespace Wharf.Images.Store;

/// <summary>Source-generated (AOT-safe) JSON for the image record files.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(ImageRecord))]
internal sealed partial class ImageRecordJsonContext : JsonSerializerContext;
