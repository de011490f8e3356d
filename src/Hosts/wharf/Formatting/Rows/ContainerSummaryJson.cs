using System.Text.Json;
using Wharf.Api.Types;

namespace Wharf.Cli.Formatting.Rows;

/// <summary>
/// GET /containers/json read by walking a JsonDocument instead of through the source-generated
/// serializer: `ps` is benchmarked against docker's, and the serializer's first use (metadata for
/// the whole ContainerSummary graph, its converter factories) costs a short process more than the
/// listing does. Only the fields ps's columns and template fields read; a field of the wrong
/// JSON type reads as absent, as in a lenient client.
/// </summary>
internal static class ContainerSummaryJson
{
    public static List<ContainerSummary> ReadList(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array) throw new CliError("Error reading JSON: the daemon's container list is not an array");
        var containers = new List<ContainerSummary>(list.GetArrayLength());
        foreach (JsonElement item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object) containers.Add(Read(item));
        }
        return containers;
    }

    public static ContainerSummary Read(JsonElement c) => new()
    {
        Id = Text(c, "Id"),
        Names = Strings(c, "Names"),
        Image = Text(c, "Image"),
        ImageID = Text(c, "ImageID"),
        ImageManifestDescriptor = Object(c, "ImageManifestDescriptor") is { } d && Object(d, "platform") is { } p
            ? new OciDescriptor { Platform = new OciPlatform { Os = Text(p, "os"), Architecture = Text(p, "architecture"), Variant = NullableText(p, "variant") } }
            : null,
        Command = Text(c, "Command"),
        Created = Number(c, "Created") ?? 0,
        Ports = Array(c, "Ports").Select(port => new Port
        {
            IP = NullableText(port, "IP"),
            PrivatePort = (int)(Number(port, "PrivatePort") ?? 0),
            PublicPort = (int)(Number(port, "PublicPort") ?? 0),
            Type = NullableText(port, "Type") ?? "tcp",
        }).ToList(),
        SizeRw = Number(c, "SizeRw"),
        SizeRootFs = Number(c, "SizeRootFs"),
        Labels = StringMap(c, "Labels"),
        State = Text(c, "State"),
        Status = Text(c, "Status"),
        NetworkSettings = new SummaryNetworkSettings
        {
            Networks = Object(c, "NetworkSettings") is { } n && Object(n, "Networks") is { } networks
                ? Map(networks, _ => new EndpointSettings())
                : [],
        },
        Mounts = Array(c, "Mounts").Select(m => new MountPoint
        {
            Type = Text(m, "Type"),
            Name = NullableText(m, "Name"),
            Source = Text(m, "Source"),
            Destination = Text(m, "Destination"),
            Driver = NullableText(m, "Driver"),
        }).ToList(),
    };

    private static JsonElement? Object(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object)
            : [];

    private static string? NullableText(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Text(JsonElement e, string name) => NullableText(e, name) ?? "";

    private static long? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) ? n : null;

    private static List<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToList()
            : [];

    private static Dictionary<string, string> StringMap(JsonElement e, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Object(e, name) is not { } o) return map;
        foreach (JsonProperty p in o.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String) map[p.Name] = p.Value.GetString()!; // a repeated key: the last wins
        }
        return map;
    }

    private static Dictionary<string, T> Map<T>(JsonElement o, Func<JsonElement, T> value)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (JsonProperty p in o.EnumerateObject()) map[p.Name] = value(p.Value);
        return map;
    }
}
