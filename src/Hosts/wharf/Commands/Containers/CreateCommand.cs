using Wharf.Api.Types;
using Wharf.Cli.CommandLine;

namespace Wharf.Cli.Commands.Containers;

/// <summary>`wharf create` / `wharf container create`: docker's runCreate — parse, create, print the ID.</summary>
internal static class CreateCommand
{
    public static CommandSpec Create() => new("create [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container")
    {
        Args = ArgsRule.AtLeast(1),
        Interspersed = false,
        AliasesLine = "wharf container create, wharf create",
        Setup = flags =>
        {
            // docker's usage text, stray "|" included.
            var create = new CreateFlags(flags, "Pull image before creating (\"always\", \"|missing\", \"never\")");
            var options = new ContainerOptions(flags);
            return async (cli, args, ct) =>
            {
                ContainerCreateRequest request = await create.BuildRequestAsync(cli, options, args, "create", ct).ConfigureAwait(false);
                string id = await ContainerCreation.CreateAsync(cli, request, create.Name.Value, create.PlatformOrDefault(cli), create.Pull.Value,
                    create.Quiet.Value, ct).ConfigureAwait(false);
                cli.Out.WriteLine(id);
                return 0;
            };
        },
    };
}

/// <summary>The flags of run and create that are not the container's configuration (createOptions).</summary>
internal sealed class CreateFlags
{
    public CreateFlags(FlagSet flags, string pullUsage)
    {
        Name = flags.String("name", null, "Assign a name to the container");
        Pull = flags.String("pull", null, pullUsage, ContainerCreation.PullMissing);
        Quiet = flags.Bool("quiet", 'q', "Suppress the pull output");
        UseApiSocket = flags.Bool("use-api-socket", null, "Bind mount Docker API socket and required auth");
        // An explicit --help without -h: -h is --hostname here.
        flags.Bool("help", null, "Print usage");
        Platform = flags.String("platform", null, "Set platform if server is multi-platform capable");
        flags.Bool("disable-content-trust", null, "Skip image verification", defaultValue: true);
    }

    public StringFlag Name { get; }
    public StringFlag Pull { get; }
    public BoolFlag Quiet { get; }
    public BoolFlag UseApiSocket { get; }
    public StringFlag Platform { get; }

    /// <summary>--platform, else DOCKER_DEFAULT_PLATFORM (docker's AddPlatformFlag default).</summary>
    public string PlatformOrDefault(Invocation cli) =>
        Platform.Changed ? Platform.Value : cli.Console.Environment("DOCKER_DEFAULT_PLATFORM") ?? "";

    /// <summary>
    /// Refuses Windows-only flags for a daemon on another OS (docker's areFlagsSupported, before the
    /// command runs: exit 1), checks --pull and parses the container flags; a problem there is
    /// docker's withHelp error (exit 125).
    /// </summary>
    public async Task<ContainerCreateRequest> BuildRequestAsync(Invocation cli, ContainerOptions options, IReadOnlyList<string> args, string commandName,
        CancellationToken cancellationToken)
    {
        List<Flag> windowsOnly = options.WindowsOnly.Where(f => f.Changed).ToList();
        if (windowsOnly.Count > 0)
        {
            // Asked only when such a flag is given, as docker pings lazily.
            string? os = (await cli.Daemon.PingAsync(cancellationToken).ConfigureAwait(false)).OSType;
            if (!string.IsNullOrEmpty(os) && os != "windows")
                throw new CliError(string.Join('\n', windowsOnly.Select(f =>
                    $"\"--{f.Name}\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on {os}")));
        }
        if (ContainerCreation.CheckPull(Pull.Value) is string badPull) throw RunErrors.WithHelp(badPull, commandName);
        if (UseApiSocket.Value) throw RunErrors.WithHelp("--use-api-socket is not supported by wharf", commandName);
        try
        {
            return ContainerRequest.Build(options, args[0], args.Skip(1).ToList(), cli.Console.Environment, Environment.CurrentDirectory,
                ContainerStreams.ConsoleSize(cli));
        }
        catch (CliError e)
        {
            throw RunErrors.WithHelp(e.Message, commandName);
        }
    }
}
