using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli;

/// <summary>
/// What a running command gets: the console, the global options, and the daemon client (created
/// on first use, so commands that never talk to the daemon pay nothing for it).
/// </summary>
internal sealed class Invocation : IDisposable
{
    private DaemonClient? _daemon;

    public Invocation(CliConsole console, CommandSpec command, GlobalOptions options, DaemonEndpoint endpoint)
    {
        Console = console;
        Command = command;
        Options = options;
        Endpoint = endpoint;
    }

    public CliConsole Console { get; }
    public TextWriter Out => Console.Out;
    public TextWriter Error => Console.Error;
    public CommandSpec Command { get; }
    public GlobalOptions Options { get; }
    public DaemonEndpoint Endpoint { get; }

    public DaemonClient Daemon => _daemon ??= new DaemonClient(Endpoint, PinnedApiVersion());

    /// <summary>True once a request was made (the daemon client exists).</summary>
    public bool HasDaemon => _daemon is not null;

    private ApiVersion? PinnedApiVersion()
    {
        string? pinned = Console.Environment(DaemonClient.ApiVersionVariable);
        if (string.IsNullOrEmpty(pinned)) return null;
        return ApiVersion.TryParse(pinned, out ApiVersion version)
            ? version
            : throw new CliError($"invalid {DaemonClient.ApiVersionVariable} {pinned}: expected MAJOR.MINOR, e.g. 1.50");
    }

    public void Dispose() => _daemon?.Dispose();
}
