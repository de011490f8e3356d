using System.Text.Json;

namespace Wharf.Cli.Connection;

/// <summary>A --platform "os[/arch[/variant]]" as the docker client sends it: an OCI platform in JSON.</summary>
internal static class PlatformQuery
{
    public static string? Json(string text)
    {
        if (text.Length == 0) return null;
        string[] parts = text.ToLowerInvariant().Split('/');
        if (parts.Length > 3 || parts.Any(p => p.Length == 0))
            throw new CliError($"invalid platform: \"{text}\": unknown operating system or architecture: invalid argument");
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("architecture", parts.Length > 1 ? parts[1] : "amd64");
            json.WriteString("os", parts[0]);
            if (parts.Length > 2) json.WriteString("variant", parts[2]);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
