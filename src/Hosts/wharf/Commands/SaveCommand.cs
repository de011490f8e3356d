using Wharf.Cli.CommandLine;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Commands;

/// <summary>`wharf save` and `wharf image save`: a docker-archive tar to a file or to a stdout that is not a terminal.</summary>
internal static class SaveCommand
{
    public static CommandSpec Create() => new("save [OPTIONS] IMAGE [IMAGE...]", "Save one or more images to a tar archive (streamed to STDOUT by default)")
    {
        Args = ArgsRule.AtLeast(1),
        AliasesLine = $"{CommandTree.BinaryName} image save, {CommandTree.BinaryName} save",
        Setup = flags =>
        {
            StringFlag output = flags.String("output", 'o', "Write to a file, instead of STDOUT");
            StringFlag platform = flags.String("platform", null, "Save only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")");
            return async (cli, args, ct) =>
            {
                if (output.Value.Length == 0 && cli.Console.OutputIsTerminal)
                    throw new CliError("cowardly refusing to save to a terminal. Use the -o flag or redirect");
                var query = new Query().AddIfNotEmpty("platform", PlatformQuery.Json(platform.Value));
                foreach (string name in args) query.Add("names", name);
                await ArchiveOutput.CopyAsync(cli, output.Value, "failed to save image",
                    token => cli.Daemon.SendAsync(HttpMethod.Get, "/images/get", query, stream: true, cancellationToken: token), ct).ConfigureAwait(false);
                return 0;
            };
        },
    };
}

/// <summary>
/// Where save and export write: stdout, or a file written atomically (a temp file beside it,
/// renamed over it when complete, mode 0600) as docker's atomicwriter does.
/// </summary>
internal static class ArchiveOutput
{
    public static async Task CopyAsync(Invocation cli, string path, string failure, Func<CancellationToken, Task<HttpResponseMessage>> request, CancellationToken ct)
    {
        if (path.Length == 0)
        {
            using HttpResponseMessage response = await request(ct).ConfigureAwait(false);
            await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await body.CopyToAsync(cli.Console.OutputBytes(), ct).ConfigureAwait(false);
            return;
        }
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        if (Directory.Exists(full)) throw new CliError($"{failure}: cannot write to a directory: {path}");
        if (!Directory.Exists(directory)) throw new CliError($"{failure}: invalid output path: stat {directory}: no such file or directory");
        string temp = Path.Combine(directory, $".tmp-{Path.GetFileName(full)}{Environment.ProcessId}");
        try
        {
            using HttpResponseMessage response = await request(ct).ConfigureAwait(false);
            await using (var file = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                await body.CopyToAsync(file, ct).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"{failure}: {e.Message}");
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
