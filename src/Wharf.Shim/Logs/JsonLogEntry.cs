using System.Text.Json.Serialization;
using Wharf.Shim.Protocol;

namespace Wharf.Shim.Logs;

/// <summary>
/// One line of Docker's json-file log: the text (with its "\n" unless the entry is a partial
/// piece of a longer line), "stdout" or "stderr", and when it was read (RFC3339Nano, UTC).
/// </summary>
public sealed record JsonLogEntry(
    [property: JsonPropertyName("log")] string Log,
    [property: JsonPropertyName("stream")] string Stream,
    [property: JsonPropertyName("time"), JsonConverter(typeof(Rfc3339NanoConverter))] DateTimeOffset Time)
{
    /// <summary>Extra attributes (Docker writes labels/env/tag here when asked); absent otherwise.</summary>
    [JsonPropertyName("attrs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Attrs { get; init; }

    /// <summary>False for a piece of a line longer than 16 KiB, or the unterminated end of a stream.</summary>
    [JsonIgnore]
    public bool IsCompleteLine => Log.EndsWith('\n');

    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
}

/// <summary>Source-generated JSON for <see cref="JsonLogEntry"/> (one entry per line of the log file).</summary>
[JsonSerializable(typeof(JsonLogEntry))]
public sealed partial class JsonLogContext : JsonSerializerContext;
