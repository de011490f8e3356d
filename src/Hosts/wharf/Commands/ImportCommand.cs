using System.Net.Http.Headers;
using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands;

/// <summary>`wharf import` and `wharf image import`: a rootfs tar (file, URL or stdin) as a one-layer image.</summary>
internal static class ImportCommand
{
    public static CommandSpec Create() => new("import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]", "Import the contents from a tarball to create a filesystem image")
    {
        Args = ArgsRule.AtLeast(1),
        AliasesLine = $"{CommandTree.BinaryName} image import, {CommandTree.BinaryName} import",
        Setup = flags =>
        {
            ListFlag change = flags.List("change", 'c', "Apply Dockerfile instruction to the created image");
            StringFlag message = flags.String("message", 'm', "Set commit message for imported image");
            StringFlag platform = flags.String("platform", null, "Set platform if server is multi-platform capable");
            return async (cli, args, ct) =>
            {
                string sourceName = args[0];
                string reference = args.Count > 1 ? args[1] : "";
                Stream? source = null;
                if (sourceName == "-")
                {
                    source = cli.Console.OpenInput();
                }
                else if (!sourceName.StartsWith("http://", StringComparison.Ordinal) && !sourceName.StartsWith("https://", StringComparison.Ordinal))
                {
                    try
                    {
                        source = new FileStream(sourceName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new CliError($"open {sourceName}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file or directory" : e.Message)}");
                    }
                    sourceName = "-";
                }

                // The docker client checks the reference, then sends it whole as "repo".
                if (reference.Length > 0 && !Formatting.FamiliarName.TryParse(reference, out _))
                    throw new CliError(Formatting.FamiliarName.ParseError(reference));
                var query = new Query().Add("fromSrc", sourceName).AddIfNotEmpty("repo", reference)
                    .AddIfNotEmpty("message", message.Value).AddIfNotEmpty("platform", platform.Value);
                foreach (string c in change.Value) query.Add("changes", c);

                HttpContent? content = null;
                if (source is not null)
                {
                    content = new StreamContent(source, 1 << 16);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
                }
                await using (source)
                {
                    using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Post, "/images/create", query, content, stream: true, cancellationToken: ct).ConfigureAwait(false);
                    await cli.ShowProgressAsync(response, cancellationToken: ct).ConfigureAwait(false);
                }
                return 0;
            };
        },
    };
}
