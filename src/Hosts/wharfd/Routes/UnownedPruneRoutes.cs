using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Daemon.Http;

namespace Wharf.Daemon.Routes;

/// <summary>
/// Prune of what wharfd does not make yet: user-defined networks, named volumes and build cache
/// come with their own issues. Until then there are none of them, so a prune checks its filters as
/// moby does and truthfully deletes nothing; `docker system prune` calls all three and must not fail.
/// Each route moves to its own file (NetworkRoutes, VolumeRoutes, BuildRoutes) when that part lands.
/// </summary>
internal static class UnownedPruneRoutes
{
    public static void Map(RouteTable routes)
    {
        routes.Post("/networks/prune", context =>
        {
            context.Filters().Validate("label", "label!", "until");
            return ApiResponse.JsonAsync(context, new NetworkPruneResponse { NetworksDeleted = [] }, ApiJson.Context.NetworkPruneResponse);
        });
        routes.Post("/volumes/prune", context =>
        {
            context.Filters().Validate("label", "label!", "all");
            return ApiResponse.JsonAsync(context, new VolumePruneResponse { VolumesDeleted = [] }, ApiJson.Context.VolumePruneResponse);
        });
        routes.Post("/build/prune", context =>
        {
            context.Filters().Validate("until", "id", "parent", "type", "description", "inuse", "shared", "private");
            return ApiResponse.JsonAsync(context, new BuildCachePruneResponse { CachesDeleted = [] }, ApiJson.Context.BuildCachePruneResponse);
        });
    }
}
