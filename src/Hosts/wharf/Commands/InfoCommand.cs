using System.Text.Json;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Commands;

/// <summary>
/// `wharf info`: the client block and the daemon's GET /info, in docker's layout (the lines
/// docker prints for a Linux daemon without swarm). <c>--format</c> runs over the daemon's JSON
/// with a "ClientInfo" object added, as docker's does.
/// </summary>
internal static class InfoCommand
{
    public static CommandSpec Create() => new("info [OPTIONS]", "Display system-wide information")
    {
        Sequential = true,
        Args = ArgsRule.None,
        CommonOrder = 12,
        AliasesLine = $"{CommandTree.BinaryName} system info, {CommandTree.BinaryName} info",
        Setup = flags =>
        {
            StringFlag format = flags.String("format", 'f', FormatHelp.Inspect);
            return (cli, _, ct) => format.Value.Length == 0 ? PrettyAsync(cli, ct) : FormattedAsync(cli, format.Value, ct);
        },
    };

    private static async Task<int> PrettyAsync(Invocation cli, CancellationToken cancellationToken)
    {
        TextWriter o = cli.Out;
        o.WriteLine("Client:");
        o.WriteLine($" Version:    {BuildInfo.Version}");
        o.WriteLine($" Debug Mode: {(cli.Options.Debug ? "true" : "false")}");
        o.WriteLine();
        o.WriteLine("Server:");

        JsonDocument info;
        try
        {
            info = await cli.Daemon.GetJsonAsync("/info", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DaemonError e)
        {
            cli.Error.WriteLine($"ERROR: {e.Display}");
            throw new CliError("errors pretty printing info");
        }
        using (info)
        {
            var errors = new List<string>();
            ServerBlock(o, info.RootElement, cli.Options.Debug, errors);
            foreach (JsonElement warning in Array(info.RootElement, "Warnings"))
                if (warning.ValueKind == JsonValueKind.String) cli.Error.WriteLine(warning.GetString());
            foreach (string error in errors) cli.Error.WriteLine($"ERROR: {error}");
            if (errors.Count > 0) throw new CliError("errors pretty printing info");
        }
        return 0;
    }

    private static async Task<int> FormattedAsync(Invocation cli, string format, CancellationToken cancellationToken)
    {
        GoTemplate template;
        try
        {
            template = GoTemplate.Parse(format == "json" ? "{{json .}}" : format);
        }
        catch (TemplateException e)
        {
            throw new CliError($"template parsing error: {e.Message}", 64);
        }
        // Without a daemon docker still runs the template (on the client's half) before the error.
        JsonDocument? info = null;
        Exception? failure = null;
        try
        {
            info = await cli.Daemon.GetJsonAsync("/info", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliError or DaemonError)
        {
            failure = e;
        }
        using (info)
        using (JsonDocument data = WithClientInfo(info?.RootElement ?? default, cli.Options.Debug))
        {
            try
            {
                template.Execute(cli.Out, data.RootElement, DockerStructs.Info);
            }
            catch (TemplateException e)
            {
                // Both are reported, the daemon's first, as docker prints its server errors.
                string? before = failure switch { DaemonError d => d.Display, CliError c => c.Message, _ => null };
                failure = new CliError(before is null ? e.Message : $"{before}\n{e.Message}");
            }
            finally
            {
                cli.Out.WriteLine();
            }
        }
        if (failure is not null) throw failure;
        return 0;
    }

    /// <summary>docker's dockerInfo JSON: the daemon's fields at the top, then "ClientInfo".</summary>
    private static JsonDocument WithClientInfo(JsonElement server, bool debug)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (server.ValueKind == JsonValueKind.Object)
                foreach (JsonProperty property in server.EnumerateObject()) property.WriteTo(json);
            json.WriteStartObject("ClientInfo");
            json.WriteBoolean("Debug", debug);
            json.WriteString("Version", BuildInfo.Version);
            json.WriteString("GitCommit", BuildInfo.GitCommit);
            json.WriteString("Os", "linux");
            json.WriteString("Arch", VersionCommand.GoArch());
            json.WriteStartArray("Plugins");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.ToArray());
    }

    private static void ServerBlock(TextWriter o, JsonElement info, bool clientDebug, List<string> errors)
    {
        o.WriteLine($" Containers: {Number(info, "Containers")}");
        o.WriteLine($"  Running: {Number(info, "ContainersRunning")}");
        o.WriteLine($"  Paused: {Number(info, "ContainersPaused")}");
        o.WriteLine($"  Stopped: {Number(info, "ContainersStopped")}");
        o.WriteLine($" Images: {Number(info, "Images")}");
        NonEmpty(o, " Server Version:", Text(info, "ServerVersion"));
        NonEmpty(o, " Storage Driver:", Text(info, "Driver"));
        foreach (JsonElement pair in Array(info, "DriverStatus")) Pair(o, "  ", pair);
        foreach (JsonElement pair in Array(info, "SystemStatus")) Pair(o, " ", pair);
        NonEmpty(o, " Logging Driver:", Text(info, "LoggingDriver"));
        NonEmpty(o, " Cgroup Driver:", Text(info, "CgroupDriver"));
        NonEmpty(o, " Cgroup Version:", Text(info, "CgroupVersion"));

        JsonElement plugins = Object(info, "Plugins");
        o.WriteLine(" Plugins:");
        o.WriteLine($"  Volume: {Words(plugins, "Volume")}");
        o.WriteLine($"  Network: {Words(plugins, "Network")}");
        if (Words(plugins, "Authorization") is { Length: > 0 } authorization) o.WriteLine($"  Authorization: {authorization}");
        o.WriteLine($"  Log: {Words(plugins, "Log")}");

        o.WriteLine($" Swarm: {Text(Object(info, "Swarm"), "LocalNodeState")}");

        JsonElement runtimes = Object(info, "Runtimes");
        if (runtimes.ValueKind == JsonValueKind.Object && runtimes.EnumerateObject().Any())
        {
            o.WriteLine($" Runtimes: {string.Join(" ", runtimes.EnumerateObject().Select(p => p.Name))}");
            o.WriteLine($" Default Runtime: {Text(info, "DefaultRuntime")}");
        }

        if (Text(info, "OSType") == "linux")
        {
            o.WriteLine($" Init Binary: {Text(info, "InitBinary")}");
            o.WriteLine($" containerd version: {Text(Object(info, "ContainerdCommit"), "ID")}");
            o.WriteLine($" runc version: {Text(Object(info, "RuncCommit"), "ID")}");
            o.WriteLine($" init version: {Text(Object(info, "InitCommit"), "ID")}");
            SecurityOptions(o, info, errors);
        }

        NonEmpty(o, " Kernel Version:", Text(info, "KernelVersion"));
        NonEmpty(o, " Operating System:", Text(info, "OperatingSystem"));
        NonEmpty(o, " OSType:", Text(info, "OSType"));
        NonEmpty(o, " Architecture:", Text(info, "Architecture"));
        o.WriteLine($" CPUs: {Number(info, "NCPU")}");
        o.WriteLine($" Total Memory: {Units.BytesSize(info.TryGetProperty("MemTotal", out JsonElement mem) && mem.TryGetDouble(out double m) ? m : 0)}");
        NonEmpty(o, " Name:", Text(info, "Name"));
        NonEmpty(o, " ID:", Text(info, "ID"));
        o.WriteLine($" Wharf Root Dir: {Text(info, "DockerRootDir")}");
        bool debug = Bool(info, "Debug");
        o.WriteLine($" Debug Mode: {(debug ? "true" : "false")}");
        if (debug || clientDebug)
        {
            o.WriteLine($"  File Descriptors: {Number(info, "NFd")}");
            o.WriteLine($"  Goroutines: {Number(info, "NGoroutines")}");
            o.WriteLine($"  System Time: {Text(info, "SystemTime")}");
            o.WriteLine($"  EventsListeners: {Number(info, "NEventsListener")}");
        }
        NonEmpty(o, " HTTP Proxy:", Text(info, "HttpProxy"));
        NonEmpty(o, " HTTPS Proxy:", Text(info, "HttpsProxy"));
        NonEmpty(o, " No Proxy:", Text(info, "NoProxy"));
        List<JsonElement> labels = Array(info, "Labels").ToList();
        if (labels.Count > 0)
        {
            o.WriteLine(" Labels:");
            foreach (JsonElement label in labels) o.WriteLine("  " + label.GetString());
        }
        o.WriteLine($" Experimental: {(Bool(info, "ExperimentalBuild") ? "true" : "false")}");
        Registries(o, Object(info, "RegistryConfig"));
        o.WriteLine($" Live Restore Enabled: {(Bool(info, "LiveRestoreEnabled") ? "true" : "false")}");
        List<JsonElement> pools = Array(info, "DefaultAddressPools").ToList();
        if (pools.Count > 0)
        {
            o.WriteLine(" Default Address Pools:");
            foreach (JsonElement pool in pools) o.WriteLine($"   Base: {Text(pool, "Base")}, Size: {Number(pool, "Size")}");
        }
        o.WriteLine();
    }

    /// <summary>"name=seccomp,profile=builtin" → "  seccomp" and "   Profile: builtin" (docker's DecodeSecurityOptions).</summary>
    private static void SecurityOptions(TextWriter o, JsonElement info, List<string> errors)
    {
        List<string> options = Array(info, "SecurityOptions").Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
        if (options.Count == 0) return;
        var decoded = new List<(string Name, string? Profile)>();
        foreach (string option in options)
        {
            string name = "";
            string? profile = null;
            foreach (string part in option.Split(','))
            {
                int eq = part.IndexOf('=');
                if (eq < 0 && option.Split(',').Length == 1)
                {
                    name = part; // a bare name, as older daemons send
                    continue;
                }
                if (eq <= 0 || eq == part.Length - 1)
                {
                    errors.Add(eq < 0 ? $"invalid security option \"{part}\"" : "invalid empty security option");
                    return;
                }
                string key = part[..eq];
                string value = part[(eq + 1)..];
                if (key == "name") name = value;
                else if (key == "profile") profile = value;
            }
            decoded.Add((name, profile));
        }
        o.WriteLine(" Security Options:");
        foreach ((string name, string? profile) in decoded)
        {
            o.WriteLine("  " + name);
            if (profile is not null) o.WriteLine($"   Profile: {profile}");
        }
    }

    private static void Registries(TextWriter o, JsonElement config)
    {
        if (config.ValueKind != JsonValueKind.Object) return;
        List<JsonElement> cidrs = Array(config, "InsecureRegistryCIDRs").ToList();
        JsonElement indexes = Object(config, "IndexConfigs");
        var insecure = indexes.ValueKind == JsonValueKind.Object
            ? indexes.EnumerateObject().Where(p => !Bool(p.Value, "Secure")).Select(p => Text(p.Value, "Name")).ToList()
            : [];
        bool anyIndex = indexes.ValueKind == JsonValueKind.Object && indexes.EnumerateObject().Any();
        if (cidrs.Count > 0 || anyIndex)
        {
            o.WriteLine(" Insecure Registries:");
            foreach (string name in insecure) o.WriteLine("  " + name);
            foreach (JsonElement cidr in cidrs) o.WriteLine("  " + (cidr.ValueKind == JsonValueKind.String ? cidr.GetString() : cidr.GetRawText()));
        }
        List<JsonElement> mirrors = Array(config, "Mirrors").ToList();
        if (mirrors.Count > 0)
        {
            o.WriteLine(" Registry Mirrors:");
            foreach (JsonElement mirror in mirrors) o.WriteLine("  " + mirror.GetString());
        }
    }

    private static void NonEmpty(TextWriter o, string label, string value)
    {
        if (value.Length > 0) o.WriteLine($"{label} {value}");
    }

    private static void Pair(TextWriter o, string indent, JsonElement pair)
    {
        if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() >= 2)
            o.WriteLine($"{indent}{GoValue.Print(GoValue.FromJson(pair[0]))}: {GoValue.Print(GoValue.FromJson(pair[1]))}");
    }

    private static JsonElement Object(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) ? v : default;

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        Object(e, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    private static string Text(JsonElement e, string name) =>
        Object(e, name) is { ValueKind: JsonValueKind.String } s ? s.GetString()! : "";

    private static string Number(JsonElement e, string name) =>
        Object(e, name) is { ValueKind: JsonValueKind.Number } n ? n.GetRawText() : "0";

    private static bool Bool(JsonElement e, string name) => Object(e, name).ValueKind == JsonValueKind.True;

    private static string Words(JsonElement e, string name) =>
        string.Join(" ", Array(e, name).Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()));
}
