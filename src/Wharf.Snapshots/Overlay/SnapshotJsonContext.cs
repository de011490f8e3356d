using System.Text.Json.Serialization;

namespace Wharf.Snapshots.Overlay;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(SnapshotTable))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
