using Wharf.Cli.CommandLine;

namespace Wharf.Cli.Commands;

/// <summary>
/// Every wharf command, mounted where docker has it. A new command is a <see cref="CommandSpec"/>
/// in its own file (see <see cref="VersionCommand"/>) added here; a command docker also offers at
/// the top level (docker ps = docker container ls) gets a second spec with an AliasesLine.
/// </summary>
internal static class CommandTree
{
    public const string BinaryName = "wharf";

    public static CommandSpec Build()
    {
        var root = new CommandSpec($"{BinaryName} [OPTIONS] COMMAND [ARG...]", "A container engine that speaks Docker's language");
        root.Add(
            VersionCommand.Create(),
            CopyCommand.Create(),
            InfoCommand.Create(),
            new CommandSpec("system", "Manage Wharf").Add(InfoCommand.Create()));
        return root;
    }
}
