using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Core;

/// <summary>
/// A content digest as the OCI image spec writes it: "algorithm:hex". Only sha256 is produced;
/// sha512 is accepted when parsing, as the spec allows it.
/// </summary>
[JsonConverter(typeof(Converter))]
public readonly record struct Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }
    public string Hex { get; }

    public override string ToString() => $"{Algorithm}:{Hex}";

    public static Digest FromSha256(ReadOnlySpan<byte> hash) => new("sha256", Convert.ToHexStringLower(hash));

    public static Digest Compute(ReadOnlySpan<byte> content) => FromSha256(SHA256.HashData(content));

    public static async Task<Digest> ComputeAsync(Stream content, CancellationToken cancellationToken = default) =>
        FromSha256(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));

    /// <summary>Parses "sha256:64-hex" or "sha512:128-hex"; lower-case hex only, as the spec requires.</summary>
    public static Digest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw WharfException.Invalid($"invalid digest \"{text}\"");

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        int colon = text?.IndexOf(':') ?? -1;
        if (colon <= 0) return false;
        string algorithm = text![..colon], hex = text[(colon + 1)..];
        int length = algorithm switch { "sha256" => 64, "sha512" => 128, _ => -1 };
        if (hex.Length != length || !hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')) return false;
        digest = new Digest(algorithm, hex);
        return true;
    }

    /// <summary>
    /// JSON as the spec writes it, a "algorithm:hex" string. Reading validates, so a digest that
    /// arrives in a manifest or config is safe to use as a file name.
    /// </summary>
    public sealed class Converter : JsonConverter<Digest>
    {
        public override Digest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("a digest must be a string");
            string? text = reader.GetString();
            if (TryParse(text, out var digest)) return digest;
            // Untrusted input: quote no more of it than a digest's length.
            string shown = text is { Length: > 140 } ? text[..140] + "..." : text ?? "";
            throw new JsonException($"invalid digest \"{shown}\"");
        }

        public override void Write(Utf8JsonWriter writer, Digest value, JsonSerializerOptions options)
        {
            if (value.Algorithm is null) throw new JsonException("cannot write an empty digest");
            writer.WriteStringValue(value.ToString());
        }
    }
}
