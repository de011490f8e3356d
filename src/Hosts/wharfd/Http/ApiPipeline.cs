using Wharf.Api;
using Wharf.Core;
using Wharf.Daemon.Hosting;

namespace Wharf.Daemon.Http;

/// <summary>
/// Every request goes through here: the headers every answer carries, the /vX.Y/ prefix (checked,
/// stripped and kept for the handler), routing, and the translation of errors to
/// <c>{"message":"..."}</c> answers. Unexpected exceptions are logged once and become a 500; the
/// daemon carries on.
/// </summary>
internal sealed class ApiPipeline(RouteTable routes, ILogger<ApiPipeline> logger)
{
    public const string VersionKey = "wharf.api-version";

    public async Task HandleAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["Api-Version"] = ApiVersion.Max.ToString();
        headers["Ostype"] = "linux";
        headers["Docker-Experimental"] = "false";
        headers.Server = DaemonVersion.ServerHeader;

        try
        {
            string path = context.Request.Path.Value ?? "/";
            if (TryStripVersion(path, out string? versionText, out string rest))
            {
                if (!ApiVersion.TryParse(versionText, out var version))
                {
                    await ApiResponse.ErrorAsync(context, StatusCodes.Status404NotFound, "page not found");
                    return;
                }
                if (ApiVersion.Unsupported(versionText, version) is { } message)
                {
                    await ApiResponse.ErrorAsync(context, StatusCodes.Status400BadRequest, message);
                    return;
                }
                context.Items[VersionKey] = version;
                path = rest;
            }
            var handler = routes.Match(context.Request.Method, path, context.Request.RouteValues);
            if (handler is null)
            {
                await ApiResponse.ErrorAsync(context, StatusCodes.Status404NotFound, "page not found");
                return;
            }
            if (logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("{Method} {Path}{Query}", context.Request.Method, context.Request.Path, context.Request.QueryString);
            await handler(context);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e)
        {
            await FailAsync(context, e);
        }
    }

    private async Task FailAsync(HttpContext context, Exception error)
    {
        (int status, string message) = error switch
        {
            WharfException wharf => (ErrorStatus.For(wharf.Kind), wharf.Message),
            ApiRequestException request => (StatusCodes.Status400BadRequest, request.Message),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            _ => (StatusCodes.Status500InternalServerError, error.Message),
        };
        if (status >= 500) logger.LogError(error, "{Method} {Path}: {Message}", context.Request.Method, context.Request.Path, error.Message);
        else if (logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("{Method} {Path}: {Status} {Message}", context.Request.Method, context.Request.Path, status, message);

        if (context.Response.HasStarted)
        {
            // Headers (and maybe part of a stream) are out: all that is left is to cut the connection.
            context.Abort();
            return;
        }
        try
        {
            context.Response.Clear();
            await ApiResponse.ErrorAsync(context, status, message);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            context.Abort();
        }
    }

    /// <summary>"/v1.41/containers/json" → "1.41" and "/containers/json"; moby's route is <c>/v{version:[0-9.]+}/...</c>.</summary>
    private static bool TryStripVersion(string path, out string version, out string rest)
    {
        version = "";
        rest = path;
        if (path.Length < 3 || path[0] != '/' || path[1] != 'v') return false;
        int slash = path.IndexOf('/', 2);
        string candidate = slash < 0 ? path[2..] : path[2..slash];
        if (candidate.Length == 0 || candidate.AsSpan().ContainsAnyExcept("0123456789.")) return false;
        version = candidate;
        rest = slash < 0 ? "/" : path[slash..];
        return true;
    }
}
