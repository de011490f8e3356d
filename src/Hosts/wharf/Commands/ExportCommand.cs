using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands;

/// <summary>`wharf export` and `wharf container export`: the container's filesystem as a tar.</summary>
internal static class ExportCommand
{
    public static CommandSpec Create() => new("export [OPTIONS] CONTAINER", "Export a container's filesystem as a tar archive")
    {
        Args = ArgsRule.Exactly(1),
        AliasesLine = $"{CommandTree.BinaryName} container export, {CommandTree.BinaryName} export",
        Setup = flags =>
        {
            StringFlag output = flags.String("output", 'o', "Write to a file, instead of STDOUT");
            return async (cli, args, ct) =>
            {
                if (output.Value.Length == 0 && cli.Console.OutputIsTerminal)
                    throw new CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect");
                await ArchiveOutput.CopyAsync(cli, output.Value, "failed to export container",
                    token => cli.Daemon.SendAsync(HttpMethod.Get, $"/containers/{DaemonClient.PathPart(args[0])}/export", stream: true, cancellationToken: token), ct).ConfigureAwait(false);
                return 0;
            };
        },
    };
}
