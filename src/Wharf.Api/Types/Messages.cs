using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Api.Types;

/// <summary>Every error answer: <c>{"message":"..."}</c>.</summary>
public sealed class ErrorResponse
{
    [JsonPropertyName("message")]
    public string Message { get; set; } = "";
}

/// <summary><c>{"Id":"..."}</c> (commit, exec create, ...).</summary>
public sealed class IdResponse
{
    public string Id { get; set; } = "";
}

/// <summary>One object of a JSON message stream (pull, push, build, load, import). Go's jsonmessage.JSONMessage.</summary>
public sealed class JsonMessage
{
    [JsonPropertyName("stream"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Stream { get; set; }

    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; set; }

    [JsonPropertyName("progressDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProgressDetail? ProgressDetail { get; set; }

    /// <summary>A pre-rendered progress bar (deprecated, still printed by old clients).</summary>
    [JsonPropertyName("progress"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Progress { get; set; }

    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; set; }

    [JsonPropertyName("from"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? From { get; set; }

    [JsonPropertyName("time"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Time { get; set; }

    [JsonPropertyName("timeNano"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long TimeNano { get; set; }

    /// <summary>The only way the CLI recognises an error in a stream.</summary>
    [JsonPropertyName("errorDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ErrorDetail? ErrorDetail { get; set; }

    /// <summary>Deprecated twin of <see cref="ErrorDetail"/>: always sent with it.</summary>
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; set; }

    /// <summary>Arbitrary JSON for a callback (build's image ID, push's digest); never printed.</summary>
    [JsonPropertyName("aux"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Aux { get; set; }
}

public sealed class ProgressDetail
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Current { get; set; }

    [JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Total { get; set; }

    [JsonPropertyName("start"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Start { get; set; }

    [JsonPropertyName("hidecounts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HideCounts { get; set; }

    [JsonPropertyName("units"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Units { get; set; }
}

public sealed class ErrorDetail
{
    /// <summary>Build uses it as the CLI's exit code.</summary>
    [JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Code { get; set; }

    [JsonPropertyName("message")]
    public string Message { get; set; } = "";
}

/// <summary>One event of <c>GET /events</c>.</summary>
public sealed class EventMessage
{
    public string Type { get; set; } = "";
    public string Action { get; set; } = "";
    public EventActor Actor { get; set; } = new();

    [JsonPropertyName("scope")]
    public string Scope { get; set; } = "local";

    [JsonPropertyName("time")]
    public long Time { get; set; }

    [JsonPropertyName("timeNano")]
    public long TimeNano { get; set; }
}

public sealed class EventActor
{
    public string ID { get; set; } = "";
    public Dictionary<string, string> Attributes { get; set; } = [];
}

/// <summary>Registry credentials: the body of <c>POST /auth</c> and, base64url-encoded, X-Registry-Auth.</summary>
public sealed class AuthConfig
{
    [JsonPropertyName("username"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Username { get; set; }

    [JsonPropertyName("password"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; set; }

    [JsonPropertyName("auth"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Auth { get; set; }

    [JsonPropertyName("email"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Email { get; set; }

    [JsonPropertyName("serveraddress"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ServerAddress { get; set; }

    [JsonPropertyName("identitytoken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IdentityToken { get; set; }

    [JsonPropertyName("registrytoken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RegistryToken { get; set; }
}

/// <summary>The answer to <c>POST /auth</c>.</summary>
public sealed class AuthResponse
{
    public string Status { get; set; } = "";
    public string IdentityToken { get; set; } = "";
}
