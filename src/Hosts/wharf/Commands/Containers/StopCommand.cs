using System.Globalization;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands.Containers;

/// <summary>`wharf stop` and `wharf restart`: POST /containers/{id}/stop|restart?t=&amp;signal= for each container.</summary>
internal static class StopCommand
{
    public static CommandSpec Create() => Spec("stop", "Stop one or more running containers", parallel: true);

    public static CommandSpec CreateRestart() => Spec("restart", "Restart one or more containers", parallel: false);

    private static CommandSpec Spec(string verb, string summary, bool parallel) => new($"{verb} [OPTIONS] CONTAINER [CONTAINER...]", summary)
    {
        Args = ArgsRule.AtLeast(1),
        AliasesLine = $"wharf container {verb}, wharf {verb}",
        Setup = flags =>
        {
            StringFlag signal = flags.String("signal", 's', "Signal to send to the container");
            IntFlag timeout = flags.Int("timeout", 't', "Seconds to wait before killing the container");
            IntFlag time = flags.Add(new IntFlag("time", null, "Seconds to wait before killing the container (deprecated: use --timeout)", 0) { Deprecated = "use --timeout instead" });
            return (cli, args, ct) =>
            {
                if (timeout.Changed && time.Changed) throw new CliError("conflicting options: cannot specify both --timeout and --time");
                IntFlag seconds = time.Changed ? time : timeout;
                // Only a given timeout is sent: the container's StopTimeout applies otherwise.
                Query query = new Query().AddIfNotEmpty("signal", signal.Value)
                    .AddIfNotEmpty("t", seconds.Changed ? seconds.Value.ToString(CultureInfo.InvariantCulture) : null);
                return ContainerBatch.RunAsync(cli, args, (name, token) =>
                    ContainerBatch.PostAsync(cli, $"{ContainerBatch.PathOf(name)}/{verb}", query, token), parallel, cancellationToken: ct);
            };
        },
    };
}
