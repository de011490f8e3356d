using System.Text;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands;

/// <summary>`wharf container prune`, `wharf image prune` and `wharf system prune`, with docker's warnings and prompts.</summary>
internal static class PruneCommands
{
    public static CommandSpec Containers() => new("prune [OPTIONS]", "Remove all stopped containers")
    {
        Args = ArgsRule.None,
        Setup = flags =>
        {
            BoolFlag force = flags.Bool("force", 'f', "Do not prompt for confirmation");
            ListFlag filter = Filters.Flag(flags, null, "Provide filter values (e.g. \"until=<timestamp>\")");
            return async (cli, _, ct) =>
            {
                if (!force.Value)
                    await Pruning.ConfirmAsync(cli, "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?", ct).ConfigureAwait(false);
                Pruning.Report report = await Pruning.ContainersAsync(cli, Filters.From(filter.Value), ct).ConfigureAwait(false);
                if (report.Output.Length > 0) cli.Out.WriteLine(report.Output);
                Pruning.PrintTotal(cli, report.SpaceReclaimed);
                return 0;
            };
        },
    };

    public static CommandSpec Images() => new("prune [OPTIONS]", "Remove unused images")
    {
        Args = ArgsRule.None,
        Setup = flags =>
        {
            BoolFlag force = flags.Bool("force", 'f', "Do not prompt for confirmation");
            BoolFlag all = flags.Bool("all", 'a', "Remove all unused images, not just dangling ones");
            ListFlag filter = Filters.Flag(flags, null, "Provide filter values (e.g. \"until=<timestamp>\")");
            return async (cli, _, ct) =>
            {
                if (!force.Value)
                {
                    string warning = all.Value
                        ? "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?"
                        : "WARNING! This will remove all dangling images.\nAre you sure you want to continue?";
                    await Pruning.ConfirmAsync(cli, warning, ct).ConfigureAwait(false);
                }
                Pruning.Report report = await Pruning.ImagesAsync(cli, all.Value, Filters.From(filter.Value), ct).ConfigureAwait(false);
                if (report.Output.Length > 0) cli.Out.WriteLine(report.Output);
                Pruning.PrintTotal(cli, report.SpaceReclaimed);
                return 0;
            };
        },
    };

    public static CommandSpec System() => new("prune [OPTIONS]", "Remove unused data")
    {
        Args = ArgsRule.None,
        Setup = flags =>
        {
            BoolFlag force = flags.Bool("force", 'f', "Do not prompt for confirmation");
            BoolFlag all = flags.Bool("all", 'a', "Remove all unused images not just dangling ones");
            BoolFlag volumes = flags.Bool("volumes", null, "Prune anonymous volumes");
            ListFlag filter = Filters.Flag(flags, null, "Provide filter values (e.g. \"label=<key>=<value>\")");
            return async (cli, _, ct) =>
            {
                Filters filters = Filters.From(filter.Value);
                if (volumes.Value && filters.Contains("until"))
                    throw new CliError("ERROR: The \"until\" filter is not supported with \"--volumes\"");
                if (!force.Value)
                    await Pruning.ConfirmAsync(cli, SystemWarning(all.Value, volumes.Value, filters), ct).ConfigureAwait(false);

                var reports = new List<Pruning.Report>
                {
                    await Pruning.ContainersAsync(cli, filters, ct).ConfigureAwait(false),
                    await Pruning.NetworksAsync(cli, filters, ct).ConfigureAwait(false),
                };
                if (volumes.Value) reports.Add(await Pruning.VolumesAsync(cli, filters, ct).ConfigureAwait(false));
                reports.Add(await Pruning.ImagesAsync(cli, all.Value, filters, ct).ConfigureAwait(false));
                reports.Add(await Pruning.BuildCacheAsync(cli, all.Value, filters, ct).ConfigureAwait(false));
                long space = 0;
                foreach (Pruning.Report report in reports)
                {
                    space += report.SpaceReclaimed;
                    if (report.Output.Length > 0) cli.Out.WriteLine(report.Output);
                }
                Pruning.PrintTotal(cli, space);
                return 0;
            };
        },
    };

    /// <summary>docker's confirmationTemplate for system prune.</summary>
    internal static string SystemWarning(bool all, bool volumes, Filters filters)
    {
        var sb = new StringBuilder("WARNING! This will remove:");
        var warnings = new List<string> { "all stopped containers", "all networks not used by at least one container" };
        if (volumes) warnings.Add("all anonymous volumes not used by at least one container");
        warnings.Add(all ? "all images without at least one container associated to them" : "all dangling images");
        warnings.Add(all ? "all build cache" : "unused build cache");
        foreach (string warning in warnings) sb.Append("\n  - ").Append(warning);
        sb.Append('\n');
        var shown = new List<string>();
        foreach (string name in new[] { "label", "label!", "until" })
            foreach (string value in filters.Get(name)) shown.Add(name + "=" + value);
        if (shown.Count > 0)
        {
            sb.Append("\n  Items to be pruned will be filtered with:");
            foreach (string f in shown.Order(StringComparer.Ordinal)) sb.Append("\n  - ").Append(f);
            sb.Append('\n');
        }
        sb.Append("\nAre you sure you want to continue?");
        return sb.ToString();
    }
}
