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
}
