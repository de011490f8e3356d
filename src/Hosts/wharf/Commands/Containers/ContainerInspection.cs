using Wharf.Api;
using Wharf.Api.Types;

namespace Wharf.Cli.Commands.Containers;

/// <summary>GET /containers/{id}/json as Wharf.Api's type (start -a, attach and exec need the state and the TTY setting).</summary>
internal static class ContainerInspection
{
    public static Task<ContainerInspectResponse> GetAsync(Invocation cli, string container, CancellationToken cancellationToken) =>
        cli.Daemon.GetAsync($"{ContainerBatch.PathOf(container)}/json", ApiJson.Context.ContainerInspectResponse, cancellationToken: cancellationToken);
}
