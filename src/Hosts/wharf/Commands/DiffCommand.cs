using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands;

/// <summary>`wharf diff` and `wharf container diff`: "C /etc", "A /new", "D /gone".</summary>
internal static class DiffCommand
{
    public static CommandSpec Create() => new("diff CONTAINER", "Inspect changes to files or directories on a container's filesystem")
    {
        Sequential = true,
        Args = ArgsRule.Exactly(1),
        AliasesLine = $"{CommandTree.BinaryName} container diff, {CommandTree.BinaryName} diff",
        Setup = _ => async (cli, args, ct) =>
        {
            if (args[0].Length == 0) throw new CliError("Container name cannot be empty");
            byte[] body = await cli.Daemon.GetBytesAsync($"/containers/{DaemonClient.PathPart(args[0])}/changes", cancellationToken: ct).ConfigureAwait(false);
            foreach (FilesystemChange change in Changes(body))
                cli.Out.WriteLine($"{Kind(change.Kind)} {change.Path}");
            return 0;
        },
    };

    /// <summary>The changes in a /changes body; dockerd sends null, not [], for a container without any.</summary>
    internal static List<FilesystemChange> Changes(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, ApiJson.Context.ListFilesystemChange) ?? [];
        }
        catch (JsonException e)
        {
            throw new CliError($"Error reading JSON: {e.Message}");
        }
    }

    /// <summary>container.ChangeType's String.</summary>
    internal static string Kind(int kind) => kind switch
    {
        0 => "C",
        1 => "A",
        2 => "D",
        _ => "",
    };
}
