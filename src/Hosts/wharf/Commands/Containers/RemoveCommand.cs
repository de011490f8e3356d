using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands.Containers;

/// <summary>`wharf rm [-f] [-v] [-l]`: DELETE /containers/{id}; with -f a container that is not there is only reported.</summary>
internal static class RemoveCommand
{
    /// <param name="aliases">"remove" under `wharf container`; none at the top level.</param>
    public static CommandSpec Create(bool aliases = false) => new("rm [OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers")
    {
        Args = ArgsRule.AtLeast(1),
        Aliases = aliases ? ["remove"] : [],
        AliasesLine = "wharf container rm, wharf container remove, wharf rm",
        Setup = flags =>
        {
            BoolFlag volumes = flags.Bool("volumes", 'v', "Remove anonymous volumes associated with the container");
            BoolFlag link = flags.Bool("link", 'l', "Remove the specified link");
            BoolFlag force = flags.Bool("force", 'f', "Force the removal of a running container (uses SIGKILL)");
            return (cli, args, ct) =>
            {
                Query query = new Query().Flag("force", force.Value).Flag("link", link.Value).Flag("v", volumes.Value);
                return ContainerBatch.RunAsync(cli, args, async (name, token) =>
                {
                    string trimmed = name.Trim('/');
                    if (trimmed.Length == 0) throw new CliError("container name cannot be empty");
                    using HttpResponseMessage _ = await cli.Daemon.SendAsync(HttpMethod.Delete, ContainerBatch.PathOf(trimmed), query,
                        cancellationToken: token).ConfigureAwait(false);
                }, onError: e =>
                {
                    if (!force.Value || !e.IsNotFound) return false;
                    cli.Error.WriteLine(e.Display);
                    return true;
                }, cancellationToken: ct);
            };
        },
    };
}
