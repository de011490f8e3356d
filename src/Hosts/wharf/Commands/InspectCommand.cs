using System.Net;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>
/// `wharf inspect` (any object: a container, else an image, a network, a volume),
/// `wharf container inspect` and `wharf image inspect`: the daemon's JSON, or a template per object.
/// </summary>
internal static class InspectCommand
{
    private static readonly string[] AllTypes = ["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"];

    public static CommandSpec Create() => new("inspect [OPTIONS] NAME|ID [NAME|ID...]", "Return low-level information on Wharf objects")
    {
        Sequential = true,
        Args = ArgsRule.AtLeast(1),
        Setup = flags =>
        {
            StringFlag format = flags.String("format", 'f', FormatHelp.Inspect);
            StringFlag type = flags.String("type", null, "Only inspect objects of the given type");
            BoolFlag size = flags.Bool("size", 's', "Display total file sizes if the type is container");
            return (cli, args, ct) =>
            {
                string kind = type.Value;
                if (type.Changed && kind.Length == 0)
                    throw new CliError($"type is empty: must be one of \"{string.Join("\", \"", AllTypes)}\"");
                if (kind.Length > 0 && !AllTypes.Contains(kind))
                    throw new CliError($"unknown type: \"{kind}\": must be one of \"{string.Join("\", \"", AllTypes)}\"");
                var output = new InspectOutput(format.Value);
                return output.RunAsync(cli.Out, args, reference => AnyAsync(cli, reference, kind, size.Value, ct));
            };
        },
    };

    public static CommandSpec Container() => new("inspect [OPTIONS] CONTAINER [CONTAINER...]", "Display detailed information on one or more containers")
    {
        Sequential = true,
        Args = ArgsRule.AtLeast(1),
        Setup = flags =>
        {
            StringFlag format = flags.String("format", 'f', FormatHelp.Inspect);
            BoolFlag size = flags.Bool("size", 's', "Display total file sizes");
            return (cli, args, ct) => new InspectOutput(format.Value).RunAsync(cli.Out, args, async reference => ("container", await ContainerAsync(cli, reference, size.Value, ct).ConfigureAwait(false)));
        },
    };

    public static CommandSpec Image() => new("inspect [OPTIONS] IMAGE [IMAGE...]", "Display detailed information on one or more images")
    {
        Sequential = true,
        Args = ArgsRule.AtLeast(1),
        Setup = flags =>
        {
            StringFlag format = flags.String("format", 'f', FormatHelp.Inspect);
            StringFlag platform = flags.String("platform", null, """
                Inspect a specific platform of the multi-platform image.
                If the image or the server is not multi-platform capable, the command will error out if the platform does not match.
                'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)
                """);
            return (cli, args, ct) => new InspectOutput(format.Value).RunAsync(cli.Out, args, async reference => ("image", await ImageAsync(cli, reference, ct, PlatformQuery.Json(platform.Value)).ConfigureAwait(false)));
        },
    };

    private static Task<byte[]> ContainerAsync(Invocation cli, string reference, bool size, CancellationToken ct) =>
        cli.Daemon.GetBytesAsync($"/containers/{Escape(reference)}/json", new Query().Flag("size", size), ct);

    private static Task<byte[]> ImageAsync(Invocation cli, string reference, CancellationToken ct, string? platform = null) =>
        cli.Daemon.GetBytesAsync($"/images/{Escape(reference)}/json", new Query().AddIfNotEmpty("platform", platform), ct);

    /// <summary>
    /// docker's inspectAll: the object kinds in order, skipping one that does not know the name;
    /// swarm objects and plugins are not asked for (Wharf has neither).
    /// </summary>
    private static async Task<(string Kind, byte[] Raw)> AnyAsync(Invocation cli, string reference, string kind, bool size, CancellationToken ct)
    {
        (string Kind, bool Size, Func<Task<byte[]>> Fetch)[] kinds =
        [
            ("container", true, () => ContainerAsync(cli, reference, size, ct)),
            ("image", false, () => ImageAsync(cli, reference, ct)),
            ("network", false, () => cli.Daemon.GetBytesAsync($"/networks/{Escape(reference)}", cancellationToken: ct)),
            ("volume", false, () => cli.Daemon.GetBytesAsync($"/volumes/{Escape(reference)}", cancellationToken: ct)),
        ];
        foreach ((string name, bool sizeSupported, Func<Task<byte[]>> fetch) in kinds)
        {
            if (kind.Length > 0 && kind != name) continue;
            byte[] raw;
            try
            {
                raw = await fetch().ConfigureAwait(false);
            }
            catch (DaemonError e) when (kind.Length == 0 && IsSkippable(e))
            {
                continue;
            }
            if (size && !sizeSupported) cli.Error.WriteLine($"WARNING: --size ignored for {name}");
            return (name, raw);
        }
        throw new CliError($"Error: No such object: {reference}");
    }

    private static bool IsSkippable(DaemonError e) =>
        e.Status == HttpStatusCode.NotFound || e.Message.Contains("not supported", StringComparison.Ordinal) || e.Message.Contains("invalid reference format", StringComparison.Ordinal);

    private static string Escape(string reference) => DaemonClient.PathPart(reference);
}
