using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Types;

namespace Wharf.Cli.Commands.Containers;

/// <summary>GET /containers/{id}/json as Wharf.Api's type (start -a, attach and exec need the state and the TTY setting).</summary>
internal static class ContainerInspection
{
    public static async Task<ContainerInspectResponse> GetAsync(Invocation cli, string container, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Get, $"{ContainerBatch.PathOf(container)}/json",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonSerializer.DeserializeAsync(body, ApiJson.Context.ContainerInspectResponse, cancellationToken).ConfigureAwait(false)
            ?? throw new CliError($"the daemon sent no description of {container}");
    }
}
