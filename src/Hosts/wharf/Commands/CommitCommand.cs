using System.Text.Json;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`wharf commit` and `wharf container commit`: a container's changes as a new image; prints its ID.</summary>
internal static class CommitCommand
{
    public static CommandSpec Create() => new("commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]", "Create a new image from a container's changes")
    {
        Args = ArgsRule.Between(1, 2),
        Interspersed = false,
        AliasesLine = $"{CommandTree.BinaryName} container commit, {CommandTree.BinaryName} commit",
        Setup = flags =>
        {
            BoolFlag pause = flags.Bool("pause", 'p', "Pause container during commit", defaultValue: true);
            StringFlag message = flags.String("message", 'm', "Commit message");
            StringFlag author = flags.String("author", 'a', "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")");
            ListFlag change = flags.List("change", 'c', "Apply Dockerfile instruction to the created image");
            return async (cli, args, ct) =>
            {
                // The docker client: a reference is checked, refused with a digest, and sent as its full name and tag.
                var query = new Query().Add("container", args[0]);
                if (args.Count > 1)
                {
                    if (!FamiliarName.TryParse(args[1], out FamiliarName name)) throw new CliError(FamiliarName.ParseError(args[1]));
                    if (name.Digest is not null) throw new CliError("refusing to create a tag with a digest reference");
                    query.Add("repo", name.FullName).Add("tag", name.Tag ?? "latest");
                }
                query.AddIfNotEmpty("comment", message.Value).AddIfNotEmpty("author", author.Value);
                foreach (string c in change.Value) query.Add("changes", c);
                if (!pause.Value) query.Add("pause", "0");
                using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Post, "/commit", query, cancellationToken: ct).ConfigureAwait(false);
                await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                using JsonDocument result = await JsonDocument.ParseAsync(body, default, ct).ConfigureAwait(false);
                cli.Out.WriteLine(result.RootElement.TryGetProperty("Id", out JsonElement id) ? id.GetString() : "");
                return 0;
            };
        },
    };
}
