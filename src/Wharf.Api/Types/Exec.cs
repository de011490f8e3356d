using System.Text.Json.Serialization;

namespace Wharf.Api.Types;

/// <summary>The body of <c>POST /containers/{id}/exec</c>.</summary>
public sealed class ExecCreateRequest
{
    public bool AttachStdin { get; set; }
    public bool AttachStdout { get; set; }
    public bool AttachStderr { get; set; }

    /// <summary>[height, width].</summary>
    public int[]? ConsoleSize { get; set; }
    public string? DetachKeys { get; set; }
    public bool Tty { get; set; }
    public List<string>? Env { get; set; }

    [JsonConverter(typeof(StringOrArrayConverter))]
    public List<string>? Cmd { get; set; }
    public bool Privileged { get; set; }
    public string? User { get; set; }
    public string? WorkingDir { get; set; }
}

/// <summary>The body of <c>POST /exec/{id}/start</c>.</summary>
public sealed class ExecStartRequest
{
    public bool Detach { get; set; }
    public bool Tty { get; set; }
    public int[]? ConsoleSize { get; set; }
}

/// <summary><c>GET /exec/{id}/json</c>: the CLI takes its exit code from here after the stream ends.</summary>
public sealed class ExecInspectResponse
{
    public bool CanRemove { get; set; }
    public string DetachKeys { get; set; } = "";
    public string ID { get; set; } = "";
    public bool Running { get; set; }

    /// <summary>Null while the process has not exited.</summary>
    public int? ExitCode { get; set; }
    public ExecProcessConfig ProcessConfig { get; set; } = new();
    public bool OpenStdin { get; set; }
    public bool OpenStderr { get; set; }
    public bool OpenStdout { get; set; }
    public string ContainerID { get; set; } = "";
    public int Pid { get; set; }
}

public sealed class ExecProcessConfig
{
    [JsonPropertyName("privileged")]
    public bool Privileged { get; set; }

    [JsonPropertyName("user")]
    public string User { get; set; } = "";

    [JsonPropertyName("tty")]
    public bool Tty { get; set; }

    [JsonPropertyName("entrypoint")]
    public string Entrypoint { get; set; } = "";

    [JsonPropertyName("arguments")]
    public List<string> Arguments { get; set; } = [];
}
