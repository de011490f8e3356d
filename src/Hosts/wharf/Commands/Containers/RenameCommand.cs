using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands.Containers;

/// <summary>`wharf rename CONTAINER NEW_NAME`: POST /containers/{id}/rename?name=; a failure says which container failed.</summary>
internal static class RenameCommand
{
    public static CommandSpec Create() => new("rename CONTAINER NEW_NAME", "Rename a container")
    {
        Sequential = true,
        Args = ArgsRule.Exactly(2),
        AliasesLine = "wharf container rename, wharf rename",
        Setup = _ => async (cli, args, ct) =>
        {
            string oldName = args[0].Trim(), newName = args[1].Trim();
            if (oldName.Length == 0 || newName.Length == 0) throw new CliError("Error: Neither old nor new names may be empty");
            try
            {
                await ContainerBatch.PostAsync(cli, $"{ContainerBatch.PathOf(oldName)}/rename", new Query().Add("name", newName), ct).ConfigureAwait(false);
            }
            catch (DaemonError e)
            {
                cli.Error.WriteLine(e.Display);
                throw new CliError($"Error: failed to rename container named {oldName}");
            }
            return 0;
        },
    };
}
