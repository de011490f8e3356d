using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;
using Wharf.Cli.Formatting.Rows;

namespace Wharf.Cli.Commands;

/// <summary>`wharf images` and `wharf image ls` (list): docker's image listing.</summary>
internal static class ImagesCommand
{
    private const string AliasesLine = $"{CommandTree.BinaryName} image ls, {CommandTree.BinaryName} image list, {CommandTree.BinaryName} images";

    /// <summary>Subcommands of `image`: a bare `wharf images ls` probably meant one of these.</summary>
    private static readonly HashSet<string> ImageVerbs = ["build", "history", "import", "inspect", "list", "load", "ls", "prune", "pull", "push", "rm", "save", "tag"];

    public static CommandSpec Create() => Spec("images [OPTIONS] [REPOSITORY[:TAG]]", [], 7);

    public static CommandSpec CreateList() => Spec("ls [OPTIONS] [REPOSITORY[:TAG]]", ["list"], null);

    private static CommandSpec Spec(string use, string[] aliases, int? common) => new(use, "List images")
    {
        Sequential = true,
        Args = ArgsRule.AtMost(1),
        Aliases = aliases,
        CommonOrder = common,
        AliasesLine = AliasesLine,
        Setup = flags =>
        {
            BoolFlag quiet = flags.Bool("quiet", 'q', "Only show image IDs");
            BoolFlag all = flags.Bool("all", 'a', "Show all images (default hides intermediate images)");
            BoolFlag noTrunc = flags.Bool("no-trunc", null, "Don't truncate output");
            BoolFlag digests = flags.Bool("digests", null, "Show digests");
            StringFlag format = flags.String("format", null, FormatHelp.Table);
            ListFlag filter = Filters.Flag(flags);
            return async (cli, args, ct) =>
            {
                Filters filters = Filters.From(filter.Value);
                string match = args.Count > 0 ? args[0] : "";
                if (match.Length > 0) filters.Add("reference", match);
                var query = new Query().Flag("all", all.Value).AddIfNotEmpty("filters", filters.ToJson());
                List<ImageSummary> images = await cli.Daemon.GetAsync("/images/json", ApiJson.Context.ListImageSummary, query, ct).ConfigureAwait(false);

                string source = format.Value;
                if (source.Length == 0) source = cli.Config.ImagesFormat.Length > 0 && !quiet.Value ? cli.Config.ImagesFormat : "table";
                string chosen = ImageRows.Format(source, quiet.Value, digests.Value);
                OutputFormat output = OutputFormat.Parse(chosen, ImageRows.DefaultTable);
                bool formatNeedsDigest = chosen.Contains("{{.Digest}}", StringComparison.Ordinal);
                DateTimeOffset now = DateTimeOffset.UtcNow;
                output.Write(cli.Out, images.SelectMany(i => ImageRows.Rows(i, !noTrunc.Value, digests.Value, formatNeedsDigest, now)), ImageRows.Headers);

                if (match.Length > 0 && images.Count == 0 && cli.Command.Name == "images" && ImageVerbs.Contains(match))
                    cli.Error.WriteLine($"\nNo images found matching \"{match}\": did you mean \"docker image {match}\"?");
                return 0;
            };
        },
    };
}
