using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wharf.Shim.Protocol;

/// <summary>The shim's operations, as they travel in <see cref="ShimRequest.Op"/>.</summary>
internal static class ShimOps
{
    public const string Start = "start";
    public const string Attach = "attach";
    public const string Wait = "wait";
    public const string Kill = "kill";
    public const string Resize = "resize";
    public const string Exec = "exec";
    public const string ExecWait = "exec-wait";
    public const string State = "state";
    public const string Pause = "pause";
    public const string Resume = "resume";
}

/// <summary>One request on shim.sock: the op and the fields that op reads.</summary>
internal sealed record ShimRequest
{
    public string Op { get; init; } = "";
    public bool? Stdin { get; init; }
    public bool? Stdout { get; init; }
    public bool? Stderr { get; init; }
    public int? Signal { get; init; }
    public bool? All { get; init; }
    public string? ExecId { get; init; }
    public int? Height { get; init; }
    public int? Width { get; init; }
    /// <summary>The OCI process object of an exec, passed through to the runtime as is.</summary>
    public JsonElement? Process { get; init; }
    public bool? Tty { get; init; }
    public bool? Detach { get; init; }
}

/// <summary>
/// The answer: Ok with the op's fields, or Ok=false with the error text and (Wharf's addition)
/// the error kind, so the client raises the same <see cref="Wharf.Core.ErrorKind"/>.
/// </summary>
internal sealed record ShimReply
{
    public bool Ok { get; init; }
    public string? Error { get; init; }
    public string? Kind { get; init; }
    public int? Pid { get; init; }
    public bool? Running { get; init; }
    public int? ExitCode { get; init; }
    public bool? OomKilled { get; init; }
    [JsonConverter(typeof(Rfc3339NanoConverter))]
    public DateTimeOffset? ExitedAt { get; init; }

    public static ShimReply Success { get; } = new() { Ok = true };

    public static ShimReply Failure(Wharf.Core.ErrorKind kind, string message) => new() { Error = message, Kind = kind.ToString() };

    public static ShimReply Exited(ExitStatus exit, int? pid = null) =>
        new() { Ok = true, Pid = pid, ExitCode = exit.ExitCode, OomKilled = exit.OomKilled, ExitedAt = exit.ExitedAt };
}

/// <summary>Source-generated JSON for the shim's protocol and exit.json (PascalCase, as the contract has it).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShimRequest))]
[JsonSerializable(typeof(ShimReply))]
[JsonSerializable(typeof(ExitStatus))]
internal sealed partial class ShimJsonContext : JsonSerializerContext;
