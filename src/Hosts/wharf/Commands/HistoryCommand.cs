using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;
using Wharf.Cli.Formatting.Rows;

namespace Wharf.Cli.Commands;

/// <summary>`wharf history` and `wharf image history`: an image's layers, newest first.</summary>
internal static class HistoryCommand
{
    public static CommandSpec Create() => new("history [OPTIONS] IMAGE", "Show the history of an image")
    {
        Sequential = true,
        Args = ArgsRule.Exactly(1),
        AliasesLine = $"{CommandTree.BinaryName} image history, {CommandTree.BinaryName} history",
        Setup = flags =>
        {
            BoolFlag human = flags.Bool("human", 'H', "Print sizes and dates in human readable format", defaultValue: true);
            BoolFlag quiet = flags.Bool("quiet", 'q', "Only show image IDs");
            BoolFlag noTrunc = flags.Bool("no-trunc", null, "Don't truncate output");
            StringFlag format = flags.String("format", null, FormatHelp.Table);
            StringFlag platform = flags.String("platform", null, "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")");
            return async (cli, args, ct) =>
            {
                List<HistoryResponseItem> history = await cli.Daemon.GetAsync($"/images/{DaemonClient.PathPart(args[0])}/history",
                    ApiJson.Context.ListHistoryResponseItem, new Query().AddIfNotEmpty("platform", PlatformQuery.Json(platform.Value)), ct).ConfigureAwait(false);
                string source = format.Value.Length == 0 ? "table" : format.Value;
                OutputFormat output = OutputFormat.Parse(HistoryRows.Format(source, quiet.Value, human.Value), HistoryRows.DefaultTable);
                DateTimeOffset now = DateTimeOffset.UtcNow;
                output.Write(cli.Out, history.Select(h => (object?)HistoryRows.Row(h, !noTrunc.Value, human.Value, now)), HistoryRows.Headers);
                return 0;
            };
        },
    };
}
