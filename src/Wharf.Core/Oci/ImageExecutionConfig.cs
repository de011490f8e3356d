using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Core.Oci;

/// <summary>
/// The "config" object of an image configuration: the defaults a container starts with. Names are
/// PascalCase as in the spec (and Docker's container config, whose other fields land in
/// <see cref="Extra"/>).
/// </summary>
public sealed record ImageExecutionConfig
{
    [JsonPropertyName("User")]
    public string? User { get; init; }

    /// <summary>"port/proto" keys ("80/tcp"), each mapped to an empty object as the spec writes it.</summary>
    [JsonPropertyName("ExposedPorts")]
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    [JsonPropertyName("Env")]
    public IReadOnlyList<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    public IReadOnlyList<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public IReadOnlyList<string>? Cmd { get; init; }

    /// <summary>Container paths that get an anonymous volume, each mapped to an empty object.</summary>
    [JsonPropertyName("Volumes")]
    public IReadOnlyDictionary<string, EmptyObject>? Volumes { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("StopSignal")]
    public string? StopSignal { get; init; }

    [JsonPropertyName("ArgsEscaped")]
    public bool? ArgsEscaped { get; init; }

    [JsonPropertyName("Healthcheck")]
    public ImageHealthcheck? Healthcheck { get; init; }

    /// <summary>Docker's: ONBUILD triggers, run when the image is used as a base.</summary>
    [JsonPropertyName("OnBuild")]
    public IReadOnlyList<string>? OnBuild { get; init; }

    /// <summary>Docker's: the SHELL for RUN, CMD and ENTRYPOINT in shell form.</summary>
    [JsonPropertyName("Shell")]
    public IReadOnlyList<string>? Shell { get; init; }

    /// <summary>Docker's: seconds to wait after the stop signal before killing.</summary>
    [JsonPropertyName("StopTimeout")]
    public int? StopTimeout { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; } // settable: System.Text.Json cannot bind extension data through init
}

/// <summary>Docker's HEALTHCHECK; durations in nanoseconds, as Go writes a time.Duration.</summary>
public sealed record ImageHealthcheck
{
    /// <summary>["NONE"], ["CMD", args...] or ["CMD-SHELL", command].</summary>
    [JsonPropertyName("Test")]
    public IReadOnlyList<string>? Test { get; init; }

    [JsonPropertyName("Interval")]
    public long? Interval { get; init; }

    [JsonPropertyName("Timeout")]
    public long? Timeout { get; init; }

    [JsonPropertyName("StartPeriod")]
    public long? StartPeriod { get; init; }

    [JsonPropertyName("StartInterval")]
    public long? StartInterval { get; init; }

    [JsonPropertyName("Retries")]
    public int? Retries { get; init; }
}

/// <summary>The "{}" values of the spec's set-like maps (ExposedPorts, Volumes).</summary>
public sealed record EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}
