using System.Globalization;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands.Containers;

/// <summary>`wharf wait`: one container after the other, POST /containers/{id}/wait and its status code printed.</summary>
internal static class WaitCommand
{
    public static CommandSpec Create() => new("wait CONTAINER [CONTAINER...]", "Block until one or more containers stop, then print their exit codes")
    {
        Args = ArgsRule.AtLeast(1),
        AliasesLine = "wharf container wait, wharf wait",
        Setup = _ => (cli, args, ct) => ContainerBatch.RunAsync(cli, args, async (name, token) =>
        {
            using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Post, $"{ContainerBatch.PathOf(name)}/wait", stream: true,
                cancellationToken: token).ConfigureAwait(false);
            ContainerWaitResponse? result;
            try
            {
                result = await ContainerExit.ReadAsync(response, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or System.Text.Json.JsonException)
            {
                throw new CliError(e.Message);
            }
            cli.Out.WriteLine((result?.StatusCode ?? 0).ToString(CultureInfo.InvariantCulture));
        }, parallel: false, printNames: false, cancellationToken: ct),
    };
}
