using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// POST /containers/{id}/wait: the request is made (and its headers received, so the daemon is
/// watching) before the caller starts the container; the returned task completes with the exit
/// status (docker's waitExitOrRemoved).
/// </summary>
internal static class ContainerExit
{
    /// <param name="condition">"next-exit", "removed", or "" (not-running).</param>
    /// <returns>The status once the condition is met; 125 with docker's message when waiting fails.</returns>
    public static async Task<Task<int>> WatchAsync(Invocation cli, string id, string condition, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Post, $"/containers/{Uri.EscapeDataString(id)}/wait",
            new Query().AddIfNotEmpty("condition", condition), stream: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        return StatusAsync(cli, response, cancellationToken);
    }

    private static async Task<int> StatusAsync(Invocation cli, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            ContainerWaitResponse? result;
            try
            {
                result = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or JsonException)
            {
                cli.Error.WriteLine($"error waiting for container: {e.Message}");
                return 125;
            }
            if (result?.Error is { } error)
            {
                cli.Error.WriteLine($"Error waiting for container: {error.Message}");
                return 125;
            }
            return (int)(result?.StatusCode ?? 125);
        }
    }

    /// <summary>The wait's answer; throws <see cref="CliError"/> with the daemon's message when it sent an error instead.</summary>
    public static async Task<ContainerWaitResponse?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] bytes = await Connection.Http1.BoundedRead.ReadAsync(body, 64 * 1024, cancellationToken).ConfigureAwait(false);
        if (bytes.AsSpan().Trim(" \r\n\t"u8).IsEmpty) throw new IOException("unexpected EOF");
        return JsonSerializer.Deserialize(bytes.AsSpan().Trim(" \r\n\t"u8), ApiJson.Context.ContainerWaitResponse);
    }
}
