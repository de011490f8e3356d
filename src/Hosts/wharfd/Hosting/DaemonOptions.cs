namespace Wharf.Daemon.Hosting;

/// <summary>wharfd's command line: Docker's flag names where Docker has them.</summary>
internal sealed record DaemonOptions
{
    public const string DefaultSocket = "/run/wharf.sock";

    /// <summary>The Unix socket path (from -H unix:///path).</summary>
    public string SocketPath { get; init; } = DefaultSocket;
    public string DataRoot { get; init; } = "/var/lib/wharf";
    public string ExecRoot { get; init; } = "/run/wharf";
    public string? PidFile { get; init; } = "/run/wharfd.pid";

    /// <summary>A path, or a name looked up next to wharfd and on PATH.</summary>
    public string Runtime { get; init; } = "wharf-runtime";

    /// <summary>The shim binary: a path, or a name looked up like the runtime.</summary>
    public string Shim { get; init; } = "wharf-shim";

    /// <summary>The static init for `--init`: a path, or a name looked up like the runtime.</summary>
    public string Init { get; init; } = "tini-static";
    public bool Debug { get; init; }

    public const string Usage = """
        Usage:  wharfd [OPTIONS]

        A container engine that speaks Docker's Engine API.

        Options:
          -H, --host string        Daemon socket to listen on (default "unix:///run/wharf.sock")
              --data-root string   Root directory of persistent state (default "/var/lib/wharf")
              --exec-root string   Root directory for execution state (default "/run/wharf")
          -p, --pidfile string     Path to use for the daemon PID file (default "/run/wharfd.pid"; "" for none)
              --runtime string     OCI runtime: a path or a name (default "wharf-runtime")
              --shim string        Container shim: a path or a name (default "wharf-shim")
              --init-path string   Init for --init: a path or a name (default "tini-static")
          -D, --debug              Enable debug logging
          -v, --version            Print version information and quit
          -h, --help               Print usage
        """;

    /// <summary>Parses the arguments ("--flag value" and "--flag=value"); FormatException with the reason.</summary>
    public static DaemonOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DaemonOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string name = arg, inline = "";
            bool hasInline = false;
            int equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                inline = arg[(equals + 1)..];
                hasInline = true;
            }
            string Value()
            {
                if (hasInline) return inline;
                if (i + 1 >= args.Count) throw new FormatException($"flag needs an argument: {name}");
                return args[++i];
            }
            options = name switch
            {
                "-H" or "--host" => options with { SocketPath = ParseHost(Value()) },
                "--data-root" or "-g" or "--graph" => options with { DataRoot = Absolute(Value(), name) },
                "--exec-root" => options with { ExecRoot = Absolute(Value(), name) },
                "-p" or "--pidfile" => options with { PidFile = Value() is { Length: > 0 } pid ? Path.GetFullPath(pid) : null },
                "--runtime" or "--default-runtime" => options with { Runtime = NonEmpty(Value(), name) },
                "--shim" => options with { Shim = NonEmpty(Value(), name) },
                "--init-path" => options with { Init = NonEmpty(Value(), name) },
                "-D" or "--debug" => options with { Debug = !hasInline || inline is "true" or "1" },
                _ => throw new FormatException($"unknown flag: {arg}"),
            };
        }
        return options;
    }

    /// <summary>"unix:///path" or a bare absolute path; other schemes are not served.</summary>
    internal static string ParseHost(string host)
    {
        if (host.StartsWith("unix://", StringComparison.Ordinal)) host = host["unix://".Length..];
        else if (host.Contains("://", StringComparison.Ordinal))
            throw new FormatException($"unsupported host {host}: wharfd listens on a unix socket only (unix:///path)");
        if (host.Length == 0) return DefaultSocket;
        if (!Path.IsPathRooted(host)) throw new FormatException($"the socket path must be absolute: {host}");
        return host;
    }

    private static string Absolute(string path, string flag) =>
        Path.IsPathRooted(path) ? Path.GetFullPath(path) : throw new FormatException($"{flag} must be an absolute path: {path}");

    private static string NonEmpty(string value, string flag) =>
        value.Length > 0 ? value : throw new FormatException($"{flag} needs a value");
}
