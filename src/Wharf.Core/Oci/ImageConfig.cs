using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Core.Images;

namespace Wharf.Core.Oci;

/// <summary>
/// An image configuration (image-spec config.md; Docker's image JSON is a superset). Its digest is
/// the image ID. Field names are the spec's exactly: snake_case here (diff_ids, created_by), and
/// PascalCase inside <see cref="Config"/>. Fields Wharf does not model (Docker's container,
/// container_config, ...) are kept in <see cref="Extra"/> so a rewrite loses nothing.
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("created")]
    [JsonConverter(typeof(ImageTimestampConverter))]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = "";

    [JsonPropertyName("os")]
    public string OS { get; init; } = "";

    [JsonPropertyName("os.version")]
    public string? OSVersion { get; init; }

    [JsonPropertyName("os.features")]
    public IReadOnlyList<string>? OSFeatures { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    /// <summary>How to run a container from the image: entrypoint, cmd, env, user, ...</summary>
    [JsonPropertyName("config")]
    public ImageExecutionConfig? Config { get; init; }

    [JsonPropertyName("rootfs")]
    public ImageRootFs RootFs { get; init; } = new();

    [JsonPropertyName("history")]
    public IReadOnlyList<ImageHistory>? History { get; init; }

    /// <summary>Docker's: the message given to `docker commit -m`.</summary>
    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>Docker's: the engine version that built the image.</summary>
    [JsonPropertyName("docker_version")]
    public string? DockerVersion { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; } // settable: System.Text.Json cannot bind extension data through init

    /// <summary>The platform the image is for, as its config declares it.</summary>
    [JsonIgnore]
    public Platform Platform => new()
    {
        OS = OS,
        Architecture = Architecture,
        Variant = string.IsNullOrEmpty(Variant) ? null : Variant,
        OSVersion = OSVersion,
        OSFeatures = OSFeatures,
    };
}

/// <summary>The layers' uncompressed digests (diffIDs), bottom first.</summary>
public sealed record ImageRootFs
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "layers";

    [JsonPropertyName("diff_ids")]
    public IReadOnlyList<Digest> DiffIds { get; init; } = [];
}

/// <summary>
/// One step of the image's build, as `docker history` lists it. Steps that made no layer (ENV,
/// CMD, ...) are marked <see cref="EmptyLayer"/>; the others pair with the diffIDs in order.
/// </summary>
public sealed record ImageHistory
{
    [JsonPropertyName("created")]
    [JsonConverter(typeof(ImageTimestampConverter))]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    [JsonPropertyName("empty_layer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EmptyLayer { get; init; }
}
