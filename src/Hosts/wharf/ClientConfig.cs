using System.Text.Json;

namespace Wharf.Cli;

/// <summary>
/// The client's config.json (docker's ~/.docker/config.json, shared with Docker): default
/// formats (psFormat, imagesFormat, ...), detachKeys, and the credentials section for later.
/// A missing file is an empty config; an unreadable one is warned about, as docker does.
/// </summary>
internal sealed class ClientConfig
{
    public const string FileName = "config.json";

    /// <summary>A config file is small; a bigger one is not read.</summary>
    private const long MaxSize = 1 << 20;

    private readonly Dictionary<string, string> _strings = new(StringComparer.OrdinalIgnoreCase);

    private ClientConfig(JsonDocument? document)
    {
        Document = document;
        if (document?.RootElement is { ValueKind: JsonValueKind.Object } root)
            foreach (JsonProperty property in root.EnumerateObject())
                if (property.Value.ValueKind == JsonValueKind.String) _strings[property.Name] = property.Value.GetString()!;
    }

    public static ClientConfig Empty { get; } = new(null);

    /// <summary>The whole document (auths, credHelpers, proxies), null when there is none.</summary>
    public JsonDocument? Document { get; }

    public string PsFormat => Get("psFormat");
    public string ImagesFormat => Get("imagesFormat");
    public string VolumesFormat => Get("volumesFormat");
    public string NetworksFormat => Get("networksFormat");
    public string StatsFormat => Get("statsFormat");
    public string DetachKeys => Get("detachKeys");

    private string Get(string key) => _strings.TryGetValue(key, out string? value) ? value : "";

    public static ClientConfig Load(string directory, TextWriter warnings)
    {
        string path = Path.Combine(directory, FileName);
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists) return Empty;
            if (file.Length > MaxSize) throw new IOException($"the file is larger than {MaxSize} bytes");
            return new ClientConfig(JsonDocument.Parse(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            warnings.WriteLine($"WARNING: Error loading config file: {path}: {e.Message}");
            return Empty;
        }
    }
}
