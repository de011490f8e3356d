using System.Text.Json.Serialization;

namespace Wharf.Api.Types;

/// <summary>
/// The portable part of a container's configuration (Go's container.Config). In a create request its
/// fields sit at the top level of the body; in inspect it is <c>Config</c>. Fields the client left
/// out stay null: the engine applies the image's values and Docker's defaults.
/// </summary>
public class ContainerConfig
{
    public string? Hostname { get; set; }
    public string? Domainname { get; set; }
    public string? User { get; set; }
    public bool AttachStdin { get; set; }
    public bool AttachStdout { get; set; }
    public bool AttachStderr { get; set; }

    /// <summary>"80/tcp" → {}.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, EmptyObject>? ExposedPorts { get; set; }

    public bool Tty { get; set; }
    public bool OpenStdin { get; set; }
    public bool StdinOnce { get; set; }
    public List<string>? Env { get; set; }

    /// <summary>A JSON array, or (as moby's StrSlice accepts) a single string.</summary>
    [JsonConverter(typeof(StringOrArrayConverter))]
    public List<string>? Cmd { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HealthConfig? Healthcheck { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ArgsEscaped { get; set; }

    /// <summary>As typed by the user in a create request ("alpine"); the image ID or name in inspect.</summary>
    public string? Image { get; set; }

    public Dictionary<string, EmptyObject>? Volumes { get; set; }
    public string? WorkingDir { get; set; }

    [JsonConverter(typeof(StringOrArrayConverter))]
    public List<string>? Entrypoint { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? NetworkDisabled { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MacAddress { get; set; }

    public List<string>? OnBuild { get; set; }
    public Dictionary<string, string>? Labels { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopSignal { get; set; }

    /// <summary>Seconds.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? StopTimeout { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(StringOrArrayConverter))]
    public List<string>? Shell { get; set; }
}

/// <summary>A JSON <c>{}</c>: the value type of Docker's set-like maps (ExposedPorts, Volumes). Extra members are ignored.</summary>
public sealed class EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}

/// <summary>A health check: durations in nanoseconds, Test as ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"].</summary>
public sealed class HealthConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Test { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Interval { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Timeout { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long StartPeriod { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long StartInterval { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Retries { get; set; }
}
