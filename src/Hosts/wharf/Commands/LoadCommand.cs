using System.Net.Http.Headers;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands;

/// <summary>`wharf load` and `wharf image load`: a tar from a file or stdin, with the daemon's progress.</summary>
internal static class LoadCommand
{
    public static CommandSpec Create() => new("load [OPTIONS]", "Load an image from a tar archive or STDIN")
    {
        Args = ArgsRule.None,
        AliasesLine = $"{CommandTree.BinaryName} image load, {CommandTree.BinaryName} load",
        Setup = flags =>
        {
            StringFlag input = flags.String("input", 'i', "Read from tar archive file, instead of STDIN");
            BoolFlag quiet = flags.Bool("quiet", 'q', "Suppress the load output");
            StringFlag platform = flags.String("platform", null, "Load only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")");
            return async (cli, _, ct) =>
            {
                Stream source;
                if (input.Value.Length == 0)
                {
                    if (cli.Console.InputIsTerminal) throw new CliError("requested load from stdin, but stdin is empty");
                    source = cli.Console.OpenInput();
                }
                else
                {
                    try
                    {
                        source = new FileStream(input.Value, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new CliError($"open {input.Value}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file or directory" : e.Message)}");
                    }
                }
                await using (source)
                {
                    var content = new StreamContent(source, 1 << 16);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
                    var query = new Query().Flag("quiet", quiet.Value || !cli.Console.OutputIsTerminal)
                        .AddIfNotEmpty("platform", PlatformQuery.Json(platform.Value));
                    using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Post, "/images/load", query, content, stream: true, cancellationToken: ct).ConfigureAwait(false);
                    if (response.Content.Headers.ContentType?.MediaType == "application/json")
                    {
                        await cli.ShowProgressAsync(response, cancellationToken: ct).ConfigureAwait(false);
                    }
                    else
                    {
                        await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                        await body.CopyToAsync(cli.Console.OutputBytes(), ct).ConfigureAwait(false);
                    }
                }
                return 0;
            };
        },
    };
}
