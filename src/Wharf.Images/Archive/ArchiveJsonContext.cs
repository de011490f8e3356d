using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.Images.Archive;

/// <summary>Source-generated (AOT-safe) JSON for the archive's own files: manifest.json, repositories, oci-layout.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(List<DockerArchiveEntry>))]
[JsonSerializable(typeof(SortedDictionary<string, SortedDictionary<string, string>>))]
[JsonSerializable(typeof(OciLayoutDocument))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext
{
    // '+' in media types is written plainly, as Docker writes it.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON and a trailing newline, as Go's json.Encoder writes these files.</summary>
    public static byte[] Write<T>(T value, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            JsonSerializer.Serialize(writer, value, type);
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses one of the archive's files; malformed JSON is an error naming the file.</summary>
    public static T Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type, string file)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw ArchiveError.Invalid($"{file} is null");
        }
        catch (JsonException e)
        {
            throw ArchiveError.Invalid($"{file} is not valid: {e.Message}", e);
        }
    }
}
