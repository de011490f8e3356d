namespace Wharf.Api.Types;

/// <summary>The answer to <c>POST /networks/prune</c>.</summary>
public sealed class NetworkPruneResponse
{
    public List<string>? NetworksDeleted { get; set; }
}

/// <summary>The answer to <c>POST /volumes/prune</c>.</summary>
public sealed class VolumePruneResponse
{
    public List<string>? VolumesDeleted { get; set; }
    public long SpaceReclaimed { get; set; }
}

/// <summary>The answer to <c>POST /build/prune</c>.</summary>
public sealed class BuildCachePruneResponse
{
    public List<string>? CachesDeleted { get; set; }
    public long SpaceReclaimed { get; set; }
}
