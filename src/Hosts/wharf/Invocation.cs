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
    private ClientConfig? _config;

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

    public DaemonClient Daemon => _daemon ??= new DaemonClient(Endpoint, PinnedApiVersion()) { Sequential = Command.Sequential };

    /// <summary>config.json from the --config directory, read on first use.</summary>
    public ClientConfig Config => _config ??= ClientConfig.Load(Options.ConfigDirectory, Console.Error);

    /// <summary>
    /// The detach keys of an interactive session: the flag's, else config.json's, else ctrl-p,ctrl-q;
    /// invalid keys fall back to the default with docker's warning.
    /// </summary>
    public ReadOnlyMemory<byte> DetachKeys(string flagValue)
    {
        string keys = flagValue.Length > 0 ? flagValue : Config.DetachKeys;
        if (keys.Length == 0) return Api.Streams.DetachKeys.Default;
        if (Api.Streams.DetachKeys.TryParse(keys, out ReadOnlyMemory<byte> codes, out string? error)) return codes;
        Console.Error.WriteLine($"WARNING: invalid detach escape keys, using default: {error}");
        return Api.Streams.DetachKeys.Default;
    }

    /// <summary>
    /// Shows a JSON progress stream (pull, push, load, import) on stdout, redrawn in place on a
    /// terminal; an errorDetail becomes the command's error: exit 1, or its code with
    /// <paramref name="exitWithErrorCode"/> (build: a failed RUN's status).
    /// </summary>
    public async Task ShowProgressAsync(HttpResponseMessage response, TextWriter? output = null, Action<System.Text.Json.JsonElement>? onAux = null,
        bool exitWithErrorCode = false, CancellationToken cancellationToken = default)
    {
        output ??= Out;
        bool terminal = ReferenceEquals(output, Out) ? Console.OutputIsTerminal : Console.ErrorIsTerminal;
        var renderer = new Progress.JsonMessageRenderer(output, terminal, () => Console.Width) { OnAux = onAux };
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await renderer.RenderAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Progress.JsonMessageError e)
        {
            throw new CliError(e.Message, exitWithErrorCode && e.Code != 0 ? e.Code : 1);
        }
    }

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
