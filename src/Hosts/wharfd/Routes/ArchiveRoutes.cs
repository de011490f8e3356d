using Wharf.Api;
using Wharf.Daemon.Http;
using Wharf.Engine.Containers;
using ApiTypes = Wharf.Api.Types;

namespace Wharf.Daemon.Routes;

/// <summary>
/// The container archive endpoints `docker cp` uses: HEAD (stat), GET (a tar of a path) and PUT (a
/// tar unpacked into a directory), as moby's router/container/copy.go serves them.
/// </summary>
internal static class ArchiveRoutes
{
    public static void Map(RouteTable routes, DaemonServices services)
    {
        var containers = services.Containers;
        routes.Head("/containers/{id}/archive", async context =>
        {
            var stat = await containers.StatPathAsync(context.Route("id"), RequiredPath(context), context.RequestAborted);
            context.Response.Headers[ApiTypes.ContainerPathStat.HeaderName] = ToWire(stat).ToHeader();
            await ApiResponse.StatusAsync(context, StatusCodes.Status200OK);
        });
        routes.Get("/containers/{id}/archive", async context =>
        {
            await containers.ArchivePathAsync(context.Route("id"), RequiredPath(context), async stat =>
            {
                context.Response.Headers[ApiTypes.ContainerPathStat.HeaderName] = ToWire(stat).ToHeader();
                await ApiResponse.StartNowAsync(context, "application/x-tar");
                return context.Response.Body;
            }, context.RequestAborted);
        });
        routes.Put("/containers/{id}/archive", async context =>
        {
            string path = RequiredPath(context);
            var request = new ExtractRequest
            {
                // moby: overwriting is allowed unless the parameter is present and true.
                NoOverwriteDirNonDir = context.Request.Query.ContainsKey("noOverwriteDirNonDir") && context.QueryBool("noOverwriteDirNonDir"),
                CopyUidGid = context.QueryBool("copyUIDGID"),
            };
            await containers.ExtractToDirectoryAsync(context.Route("id"), path, context.Request.Body, request, context.RequestAborted);
            await ApiResponse.StatusAsync(context, StatusCodes.Status200OK);
        });
    }

    /// <summary>moby's ArchiveFormValues: the path is required.</summary>
    private static string RequiredPath(HttpContext context)
    {
        string? path = context.Query("path");
        return string.IsNullOrEmpty(path) ? throw new ApiRequestException("bad parameter: path cannot be empty") : path;
    }

    private static ApiTypes.ContainerPathStat ToWire(PathStat stat) => new()
    {
        Name = stat.Name,
        Size = stat.Size,
        Mode = stat.Mode,
        Mtime = ApiTime.Format(stat.Mtime),
        LinkTarget = stat.LinkTarget,
    };
}
