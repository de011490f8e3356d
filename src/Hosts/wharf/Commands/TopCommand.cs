using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`wharf top` and `wharf container top`: the daemon's ps of the container, aligned.</summary>
internal static class TopCommand
{
    public static CommandSpec Create() => new("top CONTAINER [ps OPTIONS]", "Display the running processes of a container")
    {
        Sequential = true,
        Args = ArgsRule.AtLeast(1),
        Interspersed = false,
        AliasesLine = $"{CommandTree.BinaryName} container top, {CommandTree.BinaryName} top",
        Setup = _ => async (cli, args, ct) =>
        {
            var query = new Query();
            if (args.Count > 1) query.Add("ps_args", string.Join(" ", args.Skip(1)));
            ContainerTopResponse top = await cli.Daemon.GetAsync($"/containers/{DaemonClient.PathPart(args[0])}/top", ApiJson.Context.ContainerTopResponse, query, ct).ConfigureAwait(false);
            var table = new TabWriter(cli.Out, 20, 1, 3);
            table.Write(string.Join("\t", top.Titles) + "\n");
            foreach (List<string> process in top.Processes) table.Write(string.Join("\t", process) + "\n");
            table.Flush();
            return 0;
        },
    };
}
