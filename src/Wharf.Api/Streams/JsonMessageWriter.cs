using Wharf.Api.Types;

namespace Wharf.Api.Streams;

/// <summary>
/// Writes a JSON message stream (import, load, pull, push, build): one object per line, flushed
/// as it is written so the client renders progress live. Errors always carry both
/// <c>errorDetail</c> (the only thing the CLI checks) and the deprecated <c>error</c>.
/// One writer per response; callers do not write concurrently.
/// </summary>
public sealed class JsonMessageWriter(Stream output)
{
    /// <summary>Whether anything was written yet: before that, an error should be a plain HTTP error instead.</summary>
    public bool Started { get; private set; }

    public ValueTask WriteAsync(JsonMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Started = true;
        return WriteLineAsync(ApiJson.Serialize(message, ApiJson.Context.JsonMessage), cancellationToken);
    }

    /// <summary><c>{"status":"...","id":"..."}</c>: printed as "id: status" (or just status).</summary>
    public ValueTask WriteStatusAsync(string status, string? id = null, CancellationToken cancellationToken = default) =>
        WriteAsync(new JsonMessage { Status = status, Id = id }, cancellationToken);

    /// <summary><c>{"stream":"..."}</c>: printed verbatim (include the newline).</summary>
    public ValueTask WriteStreamAsync(string text, CancellationToken cancellationToken = default) =>
        WriteAsync(new JsonMessage { Stream = text }, cancellationToken);

    /// <summary>A progress line for <paramref name="id"/>: redrawn in place on a terminal, skipped otherwise.</summary>
    public ValueTask WriteProgressAsync(string id, string status, long current, long total, CancellationToken cancellationToken = default) =>
        WriteAsync(new JsonMessage { Id = id, Status = status, ProgressDetail = new ProgressDetail { Current = current, Total = total } }, cancellationToken);

    /// <summary>An error that ends the stream: the CLI prints the message and exits with <paramref name="code"/> (build) or 1.</summary>
    public ValueTask WriteErrorAsync(string message, int code = 0, CancellationToken cancellationToken = default) =>
        WriteAsync(new JsonMessage { ErrorDetail = new ErrorDetail { Message = message, Code = code }, Error = message }, cancellationToken);

    private async ValueTask WriteLineAsync(byte[] line, CancellationToken cancellationToken)
    {
        await output.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
