using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands;

/// <summary>`wharf rmi` and `wharf image rm` (remove): "Untagged:" and "Deleted:" lines per image.</summary>
internal static class RmiCommand
{
    private const string AliasesLine = $"{CommandTree.BinaryName} image rm, {CommandTree.BinaryName} image remove, {CommandTree.BinaryName} rmi";

    public static CommandSpec Create() => Spec("rmi [OPTIONS] IMAGE [IMAGE...]", []);

    public static CommandSpec CreateRemove() => Spec("rm [OPTIONS] IMAGE [IMAGE...]", ["rmi", "remove"]);

    private static CommandSpec Spec(string use, string[] aliases) => new(use, "Remove one or more images")
    {
        Args = ArgsRule.AtLeast(1),
        Aliases = aliases,
        AliasesLine = AliasesLine,
        Setup = flags =>
        {
            BoolFlag force = flags.Bool("force", 'f', "Force removal of the image");
            BoolFlag noPrune = flags.Bool("no-prune", null, "Do not delete untagged parents");
            StringsFlag platforms = flags.Strings("platform", null, "Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")");
            return async (cli, args, ct) =>
            {
                var errors = new List<string>();
                bool fatal = false;
                foreach (string image in args)
                {
                    var query = new Query().Flag("force", force.Value).Flag("noprune", noPrune.Value);
                    foreach (string platform in platforms.Value) query.Add("platforms", PlatformQuery.Json(platform)!);
                    try
                    {
                        using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Delete, $"/images/{DaemonClient.PathPart(image)}", query, cancellationToken: ct).ConfigureAwait(false);
                        List<ImageDeleteResponseItem> items = await DaemonClient.ReadAsync(response, ApiJson.Context.ListImageDeleteResponseItem, ct).ConfigureAwait(false);
                        foreach (ImageDeleteResponseItem item in items)
                            cli.Out.WriteLine(item.Deleted is { Length: > 0 } deleted ? $"Deleted: {deleted}" : $"Untagged: {item.Untagged}");
                    }
                    catch (DaemonError e)
                    {
                        fatal |= !e.IsNotFound;
                        errors.Add(e.Display);
                    }
                }
                if (errors.Count == 0) return 0;
                string message = string.Join("\n", errors);
                if (!force.Value || fatal) throw new CliError(message);
                cli.Error.WriteLine(message);
                return 0;
            };
        },
    };
}
