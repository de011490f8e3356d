using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.Api;

/// <summary>Reading and writing API bodies with <see cref="ApiJsonContext"/>.</summary>
public static class ApiJson
{
    /// <summary>
    /// The context to use: Go's API encoder has SetEscapeHTML(false), so "&lt;none&gt;" goes out as
    /// is; control characters and invalid text are still escaped.
    /// </summary>
    public static ApiJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 64,
    });

    /// <summary>The JSON of <paramref name="value"/> and a newline, as Go's json.Encoder writes it.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
            JsonSerializer.Serialize(writer, value, type);
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Parses a request body the way moby's ReadJSON does: empty is "invalid JSON: got EOF while
    /// reading request body", bad JSON or a type mismatch is "invalid JSON: ...", and trailing
    /// content is "unexpected content after JSON". Unknown fields are ignored.
    /// </summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> type)
    {
        if (IsBlank(body)) throw new ApiRequestException("invalid JSON: got EOF while reading request body");
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(ref reader, type);
        }
        catch (JsonException e)
        {
            throw new ApiRequestException($"invalid JSON: {Describe(e)}", e);
        }
        if (!IsBlank(body[(int)reader.BytesConsumed..])) throw new ApiRequestException("unexpected content after JSON");
        return value ?? throw new ApiRequestException("invalid JSON: the body is null");
    }

    private static bool IsBlank(ReadOnlySpan<byte> text) => text.Trim(" \t\r\n"u8).IsEmpty;

    /// <summary>The parser's message without the .NET type names; the JSON path and position kept.</summary>
    private static string Describe(JsonException e)
    {
        string message = e.Message;
        int cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        string what = cut > 0 ? message[..cut] : message;
        if (what.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal))
            what = "a value has the wrong type";
        return e.Path is { Length: > 0 } path ? $"{what} at {path} (line {e.LineNumber}, byte {e.BytePositionInLine})" : what;
    }
}
