using Wharf.Cli.CommandLine;

namespace Wharf.Cli;

/// <summary>The flags that come before the command (docker's global options).</summary>
internal sealed class GlobalOptions
{
    private readonly ListFlag _host;
    private readonly StringFlag _config;
    private readonly BoolFlag _debug;
    private readonly StringFlag _logLevel;
    private readonly BoolFlag _version;

    public GlobalOptions(FlagSet flags, Func<string, string?> environment)
    {
        _config = flags.String("config", null, "Location of client config files", DefaultConfigDirectory(environment));
        _debug = flags.Bool("debug", 'D', "Enable debug mode");
        _host = flags.List("host", 'H', "Daemon socket to connect to");
        _logLevel = flags.String("log-level", 'l', "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")", "info");
        _version = flags.Bool("version", 'v', "Print version information and quit");
        flags.Interspersed = false;
    }

    public IReadOnlyList<string> Hosts => _host.Value;

    /// <summary>Client config directory (config.json: detachKeys, credentials), shared with Docker.</summary>
    public string ConfigDirectory => _config.Value;

    public bool Debug => _debug.Value;
    public string LogLevel => _logLevel.Value;
    public bool PrintVersion => _version.Value;

    /// <summary>DOCKER_CONFIG, else ~/.docker: the credentials docker login stored work for wharf too.</summary>
    private static string DefaultConfigDirectory(Func<string, string?> environment)
    {
        string? configured = environment("DOCKER_CONFIG");
        if (!string.IsNullOrEmpty(configured)) return configured;
        string home = environment("HOME") is { Length: > 0 } h ? h : "/root";
        return Path.Combine(home, ".docker");
    }
}
