using Wharf.Api.Streams;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands;

/// <summary>`wharf logs` and `wharf container logs`: a tty container's log as it is, any other's split into stdout and stderr.</summary>
internal static class LogsCommand
{
    public static CommandSpec Create() => new("logs [OPTIONS] CONTAINER", "Fetch the logs of a container")
    {
        Args = ArgsRule.Exactly(1),
        AliasesLine = $"{CommandTree.BinaryName} container logs, {CommandTree.BinaryName} logs",
        Setup = flags =>
        {
            BoolFlag follow = flags.Bool("follow", 'f', "Follow log output");
            StringFlag since = flags.String("since", null, "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)");
            StringFlag until = flags.String("until", null, "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)");
            BoolFlag timestamps = flags.Bool("timestamps", 't', "Show timestamps");
            BoolFlag details = flags.Bool("details", null, "Show extra details provided to logs");
            StringFlag tail = flags.String("tail", 'n', "Number of lines to show from the end of the logs", "all");
            return async (cli, args, ct) =>
            {
                (string id, bool tty) = await ContainerTtyAsync(cli, args[0], ct).ConfigureAwait(false);
                DateTimeOffset now = DateTimeOffset.UtcNow;
                var query = new Query().Add("stdout", "1").Add("stderr", "1")
                    .AddIfNotEmpty("since", TimeArgument("since", since.Value, now))
                    .AddIfNotEmpty("until", TimeArgument("until", until.Value, now))
                    .Flag("timestamps", timestamps.Value)
                    .Flag("details", details.Value)
                    .Flag("follow", follow.Value)
                    .Add("tail", tail.Value);
                using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Get, $"/containers/{DaemonClient.PathPart(id)}/logs", query, stream: true, cancellationToken: ct).ConfigureAwait(false);
                await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                if (tty)
                {
                    await body.CopyToAsync(cli.Console.OutputBytes(), ct).ConfigureAwait(false);
                }
                else
                {
                    try
                    {
                        await StdFrameReader.DemultiplexAsync(body, cli.Console.OutputBytes(), cli.Console.ErrorBytes(), ct).ConfigureAwait(false);
                    }
                    catch (IOException e) when (!ct.IsCancellationRequested)
                    {
                        throw new CliError(e.Message);
                    }
                }
                return 0;
            };
        },
    };

    /// <summary>docker's client: a bad --since/--until is refused before any request (logs names the flag, events does not).</summary>
    internal static string? TimeArgument(string name, string value, DateTimeOffset now, bool wrap = true)
    {
        if (value.Length == 0) return null;
        try
        {
            return Timestamps.ForDaemon(value, now);
        }
        catch (FormatException e)
        {
            throw new CliError(wrap ? $"invalid value for \"{name}\": {e.Message}" : e.Message);
        }
    }

    /// <summary>The container's full ID and whether it has a terminal (then its log is one raw stream).</summary>
    private static async Task<(string Id, bool Tty)> ContainerTtyAsync(Invocation cli, string name, CancellationToken ct)
    {
        var container = await Containers.ContainerInspection.GetAsync(cli, name, ct).ConfigureAwait(false);
        return (container.Id.Length > 0 ? container.Id : name, container.Config.Tty);
    }
}
