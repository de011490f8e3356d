using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Core.Oci;

/// <summary>
/// Image timestamps as Go writes them (RFC 3339 with up to nine fraction digits, "Z" for UTC), so
/// written configs look like Docker's and Go's nanosecond stamps read back.
/// </summary>
internal sealed class ImageTimestampConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("a timestamp must be a string");
        if (reader.TryGetDateTimeOffset(out var value)) return value;
        string text = reader.GetString() ?? "";
        // Go keeps nine fraction digits; .NET parses seven, so the rest (sub-100ns) is dropped.
        return DateTimeOffset.TryParse(TrimFraction(text), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value)
            ? value
            : throw new JsonException($"invalid timestamp \"{(text.Length > 64 ? text[..64] + "..." : text)}\"");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is not { } time)
        {
            writer.WriteNullValue();
            return;
        }
        string text = time.Offset == TimeSpan.Zero
            ? time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : time.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        writer.WriteStringValue(text);
    }

    private static string TrimFraction(string text)
    {
        int dot = text.IndexOf('.');
        if (dot < 0) return text;
        int end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        return end - dot - 1 > 7 ? text[..(dot + 8)] + text[end..] : text;
    }
}
