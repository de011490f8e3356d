using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;
using Wharf.Cli.Formatting.Rows;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Commands;

/// <summary>`wharf ps` and `wharf container ls` (list, ps): docker's container listing.</summary>
internal static class PsCommand
{
    private const string AliasesLine = $"{CommandTree.BinaryName} container ls, {CommandTree.BinaryName} container list, {CommandTree.BinaryName} container ps, {CommandTree.BinaryName} ps";

    public static CommandSpec Create() => Spec("ps [OPTIONS]", [], 3);

    /// <summary>The same command under `wharf container`.</summary>
    public static CommandSpec CreateList() => Spec("ls [OPTIONS]", ["ps", "list"], null);

    private static CommandSpec Spec(string use, string[] aliases, int? common) => new(use, "List containers")
    {
        Sequential = true,
        Args = ArgsRule.None,
        Aliases = aliases,
        CommonOrder = common,
        AliasesLine = AliasesLine,
        Setup = flags =>
        {
            BoolFlag quiet = flags.Bool("quiet", 'q', "Only display container IDs");
            BoolFlag size = flags.Bool("size", 's', "Display total file sizes");
            BoolFlag all = flags.Bool("all", 'a', "Show all containers (default shows just running)");
            BoolFlag noTrunc = flags.Bool("no-trunc", null, "Don't truncate output");
            BoolFlag latest = flags.Bool("latest", 'l', "Show the latest created container (includes all states)");
            IntFlag last = flags.Int("last", 'n', "Show n last created containers (includes all states)", -1);
            StringFlag format = flags.String("format", null, FormatHelp.Table);
            ListFlag filter = Filters.Flag(flags);
            return async (cli, _, ct) =>
            {
                string source = format.Value;
                if (source.Length == 0) source = cli.Config.PsFormat;
                else if (quiet.Value) cli.Error.WriteLine("WARNING: Ignoring custom format, because both --format and --quiet are set.");

                bool withSize = size.Value;
                if (source.Length > 0 && UsesSize(source) && !quiet.Value && !size.Changed)
                    withSize = true;

                long limit = latest.Value && last.Value == -1 ? 1 : last.Value;
                var query = new Query()
                    .Flag("all", all.Value)
                    .AddIfNotEmpty("limit", limit > 0 ? limit.ToString(System.Globalization.CultureInfo.InvariantCulture) : null)
                    .Flag("size", withSize)
                    .AddIfNotEmpty("filters", Filters.From(filter.Value).ToJson());
                List<ContainerSummary> containers;
                using (System.Text.Json.JsonDocument list = await cli.Daemon.GetJsonAsync("/containers/json", query, ct).ConfigureAwait(false))
                    containers = ContainerSummaryJson.ReadList(list.RootElement);

                OutputFormat output = OutputFormat.Parse(ContainerRows.Format(source, quiet.Value, withSize), ContainerRows.DefaultTable);
                DateTimeOffset now = DateTimeOffset.UtcNow;
                output.Write(cli.Out, containers.Select(c => (object?)ContainerRows.Row(c, !noTrunc.Value, now)), ContainerRows.Headers);
                return 0;
            };
        },
    };

    /// <summary>
    /// docker runs a custom format once over an empty row to validate it and to see whether it
    /// reads .Size (then sizes are asked for, as they cost the daemon a walk of each layer).
    /// </summary>
    private static bool UsesSize(string format)
    {
        bool used = false;
        GoTemplate template;
        try
        {
            template = GoTemplate.Parse(format);
        }
        catch (TemplateException e)
        {
            throw new CliError($"failed to parse template: {e.Message}");
        }
        try
        {
            template.Execute(TextWriter.Null, ContainerRows.Row(new ContainerSummary(), trunc: false, DateTimeOffset.UtcNow, () => used = true));
        }
        catch (TemplateException e)
        {
            throw new CliError($"failed to execute template: {e.Message}");
        }
        return used;
    }
}
