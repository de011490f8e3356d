namespace Wharf.Runtime.State;

/// <summary>The OCI lifecycle states (runtime-spec runtime.md), plus runc's "paused".</summary>
public enum ContainerStatus
{
    Creating,
    Created,
    Running,
    Paused,
    Stopped,
}

public static class ContainerStatusNames
{
    public static string ToOci(this ContainerStatus status) => status switch
    {
        ContainerStatus.Creating => "creating",
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        ContainerStatus.Paused => "paused",
        _ => "stopped",
    };
}
