using System.Text.Json.Serialization;

namespace Wharf.Containers;

/// <summary>Source-generated (AOT-safe) JSON for the container records, under Docker's property names.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(Container))]
public sealed partial class ContainerJsonContext : JsonSerializerContext;
