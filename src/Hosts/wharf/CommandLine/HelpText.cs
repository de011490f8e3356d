using System.Text;

namespace Wharf.Cli.CommandLine;

/// <summary>
/// Help in docker/cli's layout (its cobra usage template): the usage line, the description,
/// aliases, options, and for the top level the command groups "Common Commands:",
/// "Management Commands:" and "Commands:", then "Global Options:".
/// </summary>
internal static class HelpText
{
    /// <param name="flags">The command's flags (the root's are the global options).</param>
    /// <param name="width">The terminal's width (80 when not a terminal), as docker measures it.</param>
    public static string Render(CommandSpec command, FlagSet flags, int width)
    {
        bool hasFlags = flags.Flags.Any(f => !f.Hidden && f.Deprecated is null);
        var sections = new List<string>();

        string usage = command.HasSubcommands
            ? $"Usage:  {command.Path}{(hasFlags ? " [OPTIONS]" : "")} COMMAND"
            : $"Usage:  {command.UseLine}";
        sections.Add(usage + "\n\n" + (command.Description ?? command.Summary).Trim());

        if (command.AliasesLine is not null || command.Aliases.Count > 0)
            sections.Add("Aliases:\n  " + AliasesOf(command));
        if (command.Example is not null)
            sections.Add("Examples:\n" + command.Example);
        if (command.Parent is not null && hasFlags)
            sections.Add("Options:\n" + FlagUsages.Format(flags.Flags, width - 1).TrimEnd());

        var listed = command.Subcommands.Where(c => c.IsListed).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        bool isRoot = command.Parent is null;
        if (isRoot)
            AddList(sections, "Common Commands:", listed.Where(c => c.CommonOrder is not null).OrderBy(c => c.CommonOrder));
        AddList(sections, "Management Commands:", listed.Where(c => c.HasSubcommands));
        AddList(sections, "Commands:", listed.Where(c => !c.HasSubcommands && !(isRoot && c.CommonOrder is not null)));

        if (isRoot && hasFlags)
            sections.Add("Global Options:\n" + FlagUsages.Format(flags.Flags, width - 1).TrimEnd());
        if (command.HasSubcommands)
            sections.Add($"Run '{command.Path} COMMAND --help' for more information on a command.");
        return string.Join("\n\n", sections) + "\n";
    }

    private static void AddList(List<string> sections, string title, IEnumerable<CommandSpec> commands)
    {
        var sb = new StringBuilder(title);
        bool any = false;
        foreach (CommandSpec c in commands)
        {
            any = true;
            sb.Append("\n  ").Append(c.Name.PadRight(c.NamePadding)).Append(' ').Append(c.Summary);
        }
        if (any) sections.Add(sb.ToString());
    }

    private static string AliasesOf(CommandSpec command)
    {
        if (command.AliasesLine is not null) return command.AliasesLine;
        string parent = command.Parent is null ? "" : command.Parent.Path + " ";
        return string.Join(", ", command.Aliases.Prepend(command.Name).Select(a => parent + a));
    }
}
