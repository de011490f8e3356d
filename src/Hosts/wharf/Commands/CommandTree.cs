using Wharf.Cli.CommandLine;
using Wharf.Cli.Commands.Containers;

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
            InfoCommand.Create(),
            CopyCommand.Create(),

            // Listing and inspection (docker's top-level shortcuts).
            PsCommand.Create(),
            ImagesCommand.Create(),
            InspectCommand.Create(),
            LogsCommand.Create(),
            TopCommand.Create(),
            StatsCommand.Create(),
            DiffCommand.Create(),
            ExportCommand.Create(),
            CommitCommand.Create(),
            EventsCommand.Create(),
            RmiCommand.Create(),
            TagCommand.Create(),
            HistoryCommand.Create(),
            SaveCommand.Create(),
            LoadCommand.Create(),
            ImportCommand.Create(),

            new CommandSpec("container", "Manage containers").Add(ContainerLifecycle(underContainer: true)).Add(
                PsCommand.CreateList(),
                InspectCommand.Container(),
                LogsCommand.Create(),
                TopCommand.Create(),
                StatsCommand.Create(),
                DiffCommand.Create(),
                ExportCommand.Create(),
                CommitCommand.Create(),
                CopyCommand.Create(),
                PruneCommands.Containers()),
            new CommandSpec("image", "Manage images").Add(
                ImagesCommand.CreateList(),
                RmiCommand.CreateRemove(),
                InspectCommand.Image(),
                TagCommand.Create(),
                HistoryCommand.Create(),
                SaveCommand.Create(),
                LoadCommand.Create(),
                ImportCommand.Create(),
                PruneCommands.Images()),
            new CommandSpec("system", "Manage Wharf").Add(
                InfoCommand.Create(),
                EventsCommand.Create(),
                PruneCommands.System()));
        root.Add(ContainerLifecycle());
        return root;
    }

    /// <summary>The container lifecycle commands: at the top level and again under `wharf container`.</summary>
    private static CommandSpec[] ContainerLifecycle(bool underContainer = false) =>
    [
        Containers.RunCommand.Create(),
        CreateCommand.Create(),
        StartCommand.Create(),
        AttachCommand.Create(),
        ExecCommand.Create(),
        StopCommand.Create(),
        StopCommand.CreateRestart(),
        KillCommand.Create(),
        RemoveCommand.Create(aliases: underContainer),
        WaitCommand.Create(),
        RenameCommand.Create(),
        PauseCommand.Create(),
        PauseCommand.CreateUnpause(),
    ];
}
