using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Shim.Protocol;

/// <summary>
/// Times as Go's RFC3339Nano writes them (UTC, "Z", fraction without trailing zeros), the form
/// Docker's json-file log and API use. Reading accepts any offset and up to 9 fraction digits.
/// </summary>
internal sealed class Rfc3339NanoConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString() ?? throw new JsonException("expected a time string"));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text)
    {
        // .NET keeps 100 ns: cut a longer fraction (Go writes up to 9 digits) to 7.
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            int end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new JsonException($"not an RFC 3339 time: {text}");
    }
}
