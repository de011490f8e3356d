using System.Text;
using System.Text.Json.Serialization;

namespace Wharf.Api.Types;

/// <summary>
/// A path's stat in a container (moby's container.PathStat), sent base64-encoded JSON in the
/// <see cref="HeaderName"/> header of HEAD and GET <c>/containers/{id}/archive</c>.
/// </summary>
public sealed class ContainerPathStat
{
    public const string HeaderName = "X-Docker-Container-Path-Stat";

    // Go's os.FileMode bits that the copy logic looks at.
    public const uint ModeDir = 1u << 31;
    public const uint ModeSymlink = 1u << 27;
    public const uint ModeDevice = 1u << 26;
    public const uint ModeNamedPipe = 1u << 25;
    public const uint ModeSocket = 1u << 24;
    public const uint ModeCharDevice = 1u << 21;
    public const uint ModeIrregular = 1u << 19;

    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("size")]
    public long Size { get; set; }

    /// <summary>Go's os.FileMode: permission bits plus type and special bits high up (ModeDir = 1&lt;&lt;31).</summary>
    [JsonPropertyName("mode")]
    public uint Mode { get; set; }

    /// <summary>RFC3339Nano (<see cref="ApiTime.Format(DateTimeOffset)"/>).</summary>
    [JsonPropertyName("mtime")]
    public string Mtime { get; set; } = ApiTime.Zero;

    /// <summary>A symlink's target resolved in the container, as an absolute path; "" otherwise.</summary>
    [JsonPropertyName("linkTarget")]
    public string LinkTarget { get; set; } = "";

    [JsonIgnore]
    public bool IsDirectory => (Mode & ModeDir) != 0;

    [JsonIgnore]
    public bool IsSymlink => (Mode & ModeSymlink) != 0;

    /// <summary>The header's value: base64 of the JSON.</summary>
    public string ToHeader()
    {
        byte[] json = ApiJson.Serialize(this, ApiJson.Context.ContainerPathStat);
        return Convert.ToBase64String(json.AsSpan(0, json.Length - 1)); // without Serialize's newline
    }

    /// <summary>The stat a header carries; null when it is missing or not base64 JSON of one.</summary>
    public static ContainerPathStat? FromHeader(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64 * 1024) return null;
        try
        {
            byte[] json = Convert.FromBase64String(value);
            return ApiJson.Deserialize(json, ApiJson.Context.ContainerPathStat);
        }
        catch (Exception e) when (e is FormatException or ApiRequestException or DecoderFallbackException)
        {
            return null;
        }
    }
}
