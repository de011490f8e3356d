using System.Net;
using System.Text;
using System.Text.Json;

namespace Wharf.Cli.Connection;

/// <summary>
/// The daemon answered with an error status. <see cref="Exception.Message"/> is the daemon's text;
/// the user sees "Error response from daemon: &lt;text&gt;". Commands branch on <see cref="Status"/>
/// the way docker's client classifies errors (404 not found, 409 conflict, ...).
/// </summary>
internal sealed class DaemonError(HttpStatusCode status, string message, bool fromDaemon = true) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
    public bool IsNotFound => Status == HttpStatusCode.NotFound;
    public bool IsConflict => Status == HttpStatusCode.Conflict;

    /// <summary>What is printed: the daemon's message with docker's prefix, or the client's own wording
    /// when the daemon sent no message (an empty error body).</summary>
    public string Display => fromDaemon ? $"Error response from daemon: {Message}" : Message;

    /// <summary>Error bodies are read up to this size; anything longer is cut.</summary>
    public const int MaxBody = 1 << 20;

    /// <summary>
    /// moby's checkResponseErr: a JSON body's "message", else the body as text; an empty body
    /// says the route or version may be unsupported.
    /// </summary>
    public static DaemonError FromBody(HttpStatusCode status, string reason, string? mediaType, ReadOnlySpan<byte> body, string url)
    {
        if (body.IsEmpty)
        {
            return new DaemonError(status,
                $"request returned {reason} for API route and version {url}, check if the server supports the requested API version",
                fromDaemon: false);
        }
        if (mediaType != "application/json")
            return new DaemonError(status, Encoding.UTF8.GetString(body).Trim());
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            string message = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()!
                : "";
            return new DaemonError(status, message.Trim());
        }
        catch (JsonException e)
        {
            return new DaemonError(status, $"Error reading JSON: {e.Message}", fromDaemon: false);
        }
    }
}
