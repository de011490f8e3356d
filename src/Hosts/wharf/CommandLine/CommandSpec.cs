namespace Wharf.Cli.CommandLine;

/// <summary>What a command does once its flags and arguments are parsed: returns the exit code.</summary>
internal delegate Task<int> CommandAction(Invocation cli, IReadOnlyList<string> args, CancellationToken cancellationToken);

/// <summary>
/// One command of the tree, described the way Docker's cobra commands are: a use line, a one-line
/// summary, an argument rule, and a setup that defines the flags and returns the action bound to
/// them. Flags are only built for the command that runs (or whose help is shown).
/// </summary>
/// <remarks>
/// A command is a few lines:
/// <code>
/// new CommandSpec("stop [OPTIONS] CONTAINER [CONTAINER...]", "Stop one or more running containers")
/// {
///     Args = ArgsRule.AtLeast(1),
///     Setup = flags =>
///     {
///         var time = flags.Int("timeout", 't', "Seconds to wait before killing the container");
///         return (cli, args, ct) => Stop(cli, args, time.Value, ct);
///     },
/// };
/// </code>
/// </remarks>
internal sealed class CommandSpec
{
    private readonly List<CommandSpec> _subcommands = [];

    /// <param name="use">Docker's Use: the name, then the argument synopsis ("run [OPTIONS] IMAGE [COMMAND] [ARG...]").</param>
    /// <param name="summary">The one line shown in command lists and under "Usage:".</param>
    public CommandSpec(string use, string summary)
    {
        Use = use;
        Summary = summary;
        int space = use.IndexOf(' ');
        Name = space < 0 ? use : use[..space];
    }

    public string Name { get; }
    public string Use { get; }
    public string Summary { get; }

    /// <summary>A longer text shown in help instead of the summary.</summary>
    public string? Description { get; init; }

    public string? Example { get; init; }

    /// <summary>Other names under the same parent ("ls" also answers to "list" and "ps").</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// The "Aliases:" line of help when the command is also mounted elsewhere (docker ps is docker
    /// container ls): full paths, e.g. "wharf container ls, wharf container list, wharf ps".
    /// Without it, help lists this command's path and its <see cref="Aliases"/>.
    /// </summary>
    public string? AliasesLine { get; init; }

    /// <summary>Listed under "Common Commands:" of the top-level help, in this order.</summary>
    public int? CommonOrder { get; init; }

    public bool Hidden { get; init; }

    public ArgsRule Args { get; init; } = ArgsRule.Any;

    /// <summary>Defines the flags and returns the action; null for a group of subcommands.</summary>
    public Func<FlagSet, CommandAction>? Setup { get; init; }

    /// <summary>False when everything after the first argument belongs to another program (run, exec).</summary>
    public bool Interspersed { get; init; } = true;

    /// <summary>
    /// True when the command makes one daemon request at a time, never two at once (version, ps,
    /// inspect...): its requests may then block the calling thread (<see cref="Connection.DaemonClient.Sequential"/>),
    /// which starts faster. A command that waits on one request while making another must not set it.
    /// </summary>
    public bool Sequential { get; init; }

    public CommandSpec? Parent { get; private set; }
    public IReadOnlyList<CommandSpec> Subcommands => _subcommands;
    public bool HasSubcommands => _subcommands.Count > 0;
    public bool IsRunnable => Setup is not null;

    public CommandSpec Add(params CommandSpec[] children)
    {
        foreach (CommandSpec child in children)
        {
            if (child.Parent is not null)
                throw new InvalidOperationException($"command {child.Name} is already mounted under {child.Parent.Name}");
            child.Parent = this;
            _subcommands.Add(child);
        }
        return this;
    }

    public CommandSpec Root => Parent?.Root ?? this;

    /// <summary>"wharf container ls".</summary>
    public string Path => Parent is null ? Name : $"{Parent.Path} {Name}";

    /// <summary>The use line under "Usage:": the parent's path and this command's Use.</summary>
    public string UseLine => Parent is null ? Use : $"{Parent.Path} {Use}";

    public CommandSpec? FindSubcommand(string name) =>
        _subcommands.FirstOrDefault(c => c.Name == name) ?? _subcommands.FirstOrDefault(c => c.Aliases.Contains(name));

    /// <summary>Listed in help: not hidden, and either runnable or a group with something to list.</summary>
    public bool IsListed => !Hidden && (IsRunnable || _subcommands.Any(c => c.IsListed));

    /// <summary>cobra's NamePadding: the longest sibling name, at least 11.</summary>
    public int NamePadding => Math.Max(11, Parent?._subcommands.Max(c => c.Name.Length) ?? 0);

    /// <summary>Builds the flag set (with the help flag) and binds the action to it.</summary>
    public (FlagSet Flags, CommandAction? Action) Bind()
    {
        var flags = new FlagSet { Interspersed = Interspersed };
        CommandAction? action = Setup?.Invoke(flags);
        if (!flags.Contains("help"))
        {
            // cobra's persistent help flag: hidden, and -h prints a deprecation note unless the
            // command uses -h itself (run's --hostname).
            bool shorthandFree = !flags.HasShorthand('h');
            flags.Add(new BoolFlag("help", shorthandFree ? 'h' : null, "Print usage")
            {
                Hidden = true,
                ShorthandDeprecated = shorthandFree ? "use --help" : null,
            });
        }
        return (flags, action);
    }
}
