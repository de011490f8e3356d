using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands;

/// <summary>`wharf tag` and `wharf image tag`: names an image.</summary>
internal static class TagCommand
{
    public static CommandSpec Create() => new("tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
    {
        Sequential = true,
        Args = ArgsRule.Exactly(2),
        Interspersed = false,
        AliasesLine = $"{CommandTree.BinaryName} image tag, {CommandTree.BinaryName} tag",
        Setup = flags => async (cli, args, ct) =>
        {
            // The docker client's checks before the request (client.ImageTag).
            string source = args[0], target = args[1];
            if (!FamiliarName.TryParse(source, out _) && !IsId(source))
                throw new CliError($"Error parsing reference: \"{source}\" is not a valid repository/tag: {FamiliarName.ParseError(source)}");
            if (!FamiliarName.TryParse(target, out FamiliarName name))
                throw new CliError($"Error parsing reference: \"{target}\" is not a valid repository/tag: {FamiliarName.ParseError(target)}");
            if (name.Digest is not null) throw new CliError("refusing to create a tag with a digest reference");
            var query = new Query().Add("repo", name.Repository).Add("tag", name.Tag ?? "latest");
            using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Post, $"/images/{DaemonClient.PathPart(source)}/tag", query, cancellationToken: ct).ConfigureAwait(false);
            return 0;
        },
    };

    private static bool IsId(string text)
    {
        string hex = text.StartsWith("sha256:", StringComparison.Ordinal) ? text[7..] : text;
        return hex.Length is > 0 and <= 64 && hex.All(char.IsAsciiHexDigitLower);
    }
}
