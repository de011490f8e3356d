using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands.Containers;

/// <summary>`wharf kill [-s SIGNAL]`: POST /containers/{id}/kill?signal= (the daemon's default is KILL).</summary>
internal static class KillCommand
{
    public static CommandSpec Create() => new("kill [OPTIONS] CONTAINER [CONTAINER...]", "Kill one or more running containers")
    {
        Args = ArgsRule.AtLeast(1),
        AliasesLine = "wharf container kill, wharf kill",
        Setup = flags =>
        {
            StringFlag signal = flags.String("signal", 's', "Signal to send to the container");
            return (cli, args, ct) =>
            {
                Query query = new Query().AddIfNotEmpty("signal", signal.Value);
                return ContainerBatch.RunAsync(cli, args, (name, token) =>
                    ContainerBatch.PostAsync(cli, $"{ContainerBatch.PathOf(name)}/kill", query, token), cancellationToken: ct);
            };
        },
    };
}
