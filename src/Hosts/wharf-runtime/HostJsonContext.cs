using System.Text.Json.Serialization;

namespace Wharf.RuntimeHost;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(LogLine))]
[JsonSerializable(typeof(List<ListEntry>))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(StatsEvent))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
