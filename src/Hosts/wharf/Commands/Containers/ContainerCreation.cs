using System.Text;
using System.Text.Json;
using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Cli.Connection;
using Wharf.Cli.Formatting;

namespace Wharf.Cli.Commands.Containers;

/// <summary>
/// docker's createContainer: the --cidfile guard, POST /containers/create?name=&amp;platform=, the
/// "Unable to find image" note for a missing image, the daemon's warnings on stderr, the ID
/// written to the cidfile.
/// </summary>
internal static class ContainerCreation
{
    public const string PullMissing = "missing";

    /// <summary>--pull's values (validatePullOpt); the message is docker's.</summary>
    public static string? CheckPull(string value) => value is "always" or "missing" or "never" or ""
        ? null
        : $"invalid pull option: '{value}': must be one of \"always\", \"missing\" or \"never\"";

    /// <returns>The new container's ID.</returns>
    public static async Task<string> CreateAsync(Invocation cli, ContainerCreateRequest request, string name, string platform, string pull, bool quiet,
        CancellationToken cancellationToken)
    {
        string cidFile = request.HostConfig?.ContainerIDFile ?? "";
        FileStream? cid = OpenCidFile(cidFile);
        bool written = false;
        try
        {
            await ApplyMacAddressRulesAsync(cli, request, cancellationToken).ConfigureAwait(false);
            string body = Encoding.UTF8.GetString(ApiJson.Serialize(request, ApiJson.Context.ContainerCreateRequest));
            Query query = new Query().AddIfNotEmpty("name", name).AddIfNotEmpty("platform", platform);
            ContainerCreateResponse created;
            try
            {
                using HttpResponseMessage response = await cli.Daemon.SendAsync(HttpMethod.Post, "/containers/create", query, DaemonClient.Json(body),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                created = await JsonSerializer.DeserializeAsync(stream, ApiJson.Context.ContainerCreateResponse, cancellationToken).ConfigureAwait(false)
                    ?? throw new CliError("the daemon sent no container ID");
            }
            catch (DaemonError e) when (e.IsNotFound && pull == PullMissing && FamiliarName.TryParseNamed(request.Image ?? "", out FamiliarName named))
            {
                // docker pulls here and retries; until wharf pulls, the missing image is the error.
                if (!quiet) cli.Error.WriteLine($"Unable to find image '{named.TagNameOnly()}' locally");
                throw;
            }
            foreach (string warning in created.Warnings) cli.Error.WriteLine($"WARNING: {warning}");
            if (cid is not null)
            {
                try
                {
                    cid.Write(Encoding.UTF8.GetBytes(created.Id));
                    written = true;
                }
                catch (IOException e)
                {
                    throw new CliError($"failed to write the container ID to the file: {e.Message}");
                }
            }
            return created.Id;
        }
        finally
        {
            if (cid is not null)
            {
                await cid.DisposeAsync().ConfigureAwait(false);
                if (!written) File.Delete(cidFile);
            }
        }
    }

    /// <summary>
    /// The client's API-version rules for MAC addresses (moby's ContainerCreate): a per-network MAC
    /// needs API 1.44; from 1.44 on the container-wide Config.MacAddress is deprecated and not sent.
    /// </summary>
    private static async Task ApplyMacAddressRulesAsync(Invocation cli, ContainerCreateRequest request, CancellationToken cancellationToken)
    {
        bool perNetwork = request.NetworkingConfig?.EndpointsConfig?.Values.Any(e => !string.IsNullOrEmpty(e?.MacAddress)) == true;
        if (!perNetwork && string.IsNullOrEmpty(request.MacAddress)) return;
        Connection.ApiVersion version = await cli.Daemon.VersionAsync(cancellationToken).ConfigureAwait(false);
        var macPerNetwork = new Connection.ApiVersion(1, 44);
        if (perNetwork && version < macPerNetwork)
            throw new CliError($"\"specify mac-address per network\" requires API version 1.44, but the Docker daemon API version is {version}");
        if (version >= macPerNetwork) request.MacAddress = null;
    }

    /// <summary>The --cidfile, created now so a second run with the same file fails before creating anything.</summary>
    private static FileStream? OpenCidFile(string path)
    {
        if (path.Length == 0) return null;
        if (File.Exists(path) || Directory.Exists(path))
            throw new CliError($"container ID file found, make sure the other container isn't running or delete {path}");
        try
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"failed to create the container ID file: {e.Message}");
        }
    }
}
