using Wharf.Cli.CommandLine;
using Wharf.Cli.Commands;
using Wharf.Cli.Connection;

namespace Wharf.Cli;

/// <summary>
/// Runs one command line the way docker/cli's cobra setup does: global flags up to the command
/// name, the command path ("container ls"), the command's own flags, its argument rule, then its
/// action. Help goes to stdout; usage errors print docker's texts and exit 125 (flags) or 1
/// (arguments, unknown commands).
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken = default)
    {
        CommandSpec root = CommandTree.Build();
        var rootFlags = new FlagSet();
        var options = new GlobalOptions(rootFlags, console.Environment);
        var help = rootFlags.Add(new BoolFlag("help", 'h', "Print usage") { Hidden = true, ShorthandDeprecated = "use --help" });
        try
        {
            List<string> rest;
            try
            {
                rest = rootFlags.Parse(args, console.Error);
            }
            catch (FlagException e)
            {
                throw FlagError(root, e);
            }
            if (options.PrintVersion)
            {
                console.Out.WriteLine($"Wharf version {BuildInfo.Version}, build {BuildInfo.GitCommit}");
                return 0;
            }
            if (help.Value || rest.Count == 0)
            {
                // docker: `docker --help` prints to stdout, a bare `docker` to stderr; both exit 0.
                (help.Value ? console.Out : console.Error).Write(HelpText.Render(root, rootFlags, console.Width));
                return 0;
            }
            if (rest[0] == "help")
                return ShowHelpTopic(root, rest.Skip(1).ToList(), console);

            CommandSpec command = root;
            int consumed = 0;
            while (consumed < rest.Count && command.HasSubcommands && command.FindSubcommand(rest[consumed]) is CommandSpec sub)
            {
                command = sub;
                consumed++;
            }
            if (command == root)
                throw new CliError($"{root.Name}: unknown command: {root.Name} {rest[0]}\n\nRun '{root.Name} --help' for more information");

            return await RunCommandAsync(command, rest.Skip(consumed).ToList(), console, options, cancellationToken).ConfigureAwait(false);
        }
        catch (CliError e)
        {
            if (e.Message.Length > 0) console.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (DaemonError e)
        {
            console.Error.WriteLine(e.Display);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }
        catch (Terminal.BrokenPipeException)
        {
            return Terminal.BrokenPipeException.ExitCode;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The daemon went away mid-request, or a file could not be read or written: say so, no stack trace.
            console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static async Task<int> RunCommandAsync(CommandSpec command, List<string> args, CliConsole console, GlobalOptions options, CancellationToken cancellationToken)
    {
        (FlagSet flags, CommandAction? action) = command.Bind();
        List<string> positional;
        try
        {
            positional = flags.Parse(args, console.Out); // docker prints a command's deprecation notes on stdout (the root's on stderr)
        }
        catch (FlagException e)
        {
            throw FlagError(command, e);
        }
        if (flags.Flags.First(f => f.Name == "help") is BoolFlag { Value: true })
        {
            console.Out.Write(HelpText.Render(command, flags, console.Width));
            return 0;
        }
        if (action is null)
        {
            // A group ("wharf container"): help when bare, docker's unknown-command text otherwise.
            if (positional.Count == 0)
            {
                console.Error.Write(HelpText.Render(command, flags, console.Width));
                return 0;
            }
            throw new CliError(ArgsRule.None.Check(command, positional)!);
        }
        if (command.Args.Check(command, positional) is string argsError)
            throw new CliError(argsError);

        DaemonEndpoint endpoint = DaemonEndpoint.Resolve(options.Hosts, console.Environment);
        using var invocation = new Invocation(console, command, options, endpoint);
        return await action(invocation, positional, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>`wharf help [COMMAND...]`.</summary>
    private static int ShowHelpTopic(CommandSpec root, List<string> topic, CliConsole console)
    {
        CommandSpec command = root;
        for (int i = 0; i < topic.Count; i++)
        {
            // cobra's Find: what is left over after the longest command path is the unknown topic.
            if (command.FindSubcommand(topic[i]) is not CommandSpec sub)
                throw new CliError($"unknown help topic: {string.Join(" ", topic.Skip(i))}");
            command = sub;
        }
        if (command == root)
        {
            var rootFlags = new FlagSet();
            _ = new GlobalOptions(rootFlags, console.Environment);
            console.Out.Write(HelpText.Render(root, rootFlags, console.Width));
        }
        else
        {
            console.Out.Write(HelpText.Render(command, command.Bind().Flags, console.Width));
        }
        return 0;
    }

    /// <summary>docker/cli's FlagErrorFunc: the parser's message, the usage line, exit 125.</summary>
    private static CliError FlagError(CommandSpec command, FlagException e) =>
        new($"{e.Message}\n\nUsage:  {command.UseLine}\n\nRun '{command.Path} --help' for more information", 125);
}
