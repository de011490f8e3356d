namespace Wharf.Core.Oci;

/// <summary>The OCI state document that `state` prints (runtime-spec runtime.md, "State").</summary>
public sealed record ContainerStateDocument
{
    public string OciVersion { get; init; } = "1.0.2";
    public string Id { get; init; } = "";
    public string Status { get; init; } = "";
    public int Pid { get; init; }
    public string Bundle { get; init; } = "";
    public Dictionary<string, string>? Annotations { get; init; }
    /// <summary>
    /// Wharf's extension (runc's state also carries fields beyond the spec's): true once the
    /// kernel's OOM killer has killed a process of the container. Absent when nothing was.
    /// </summary>
    public bool? OomKilled { get; init; }
}
