namespace Wharf.Cgroups;

/// <summary>
/// One directory that makes up a cgroup: where it lives on the host in one hierarchy.
/// </summary>
/// <param name="Hierarchy">The hierarchy's name as the kernel lists it in /proc/self/cgroup: the controllers of a v1
/// mount joined with commas (<c>cpu,cpuacct</c>, <c>memory</c>, <c>name=systemd</c>), or empty for the v2 hierarchy.</param>
/// <param name="MountPoint">The host path the hierarchy is mounted at (e.g. <c>/sys/fs/cgroup/memory</c>).</param>
/// <param name="Path">The cgroup's directory on the host (e.g. <c>/sys/fs/cgroup/memory/docker/abc</c>).</param>
/// <param name="Required">False for hierarchies the cgroup joins only on a best-effort basis (named v1 hierarchies
/// such as <c>name=systemd</c>, and the controller-less v2 hierarchy of a hybrid host): errors there are ignored.</param>
public sealed record CgroupDirectory(string Hierarchy, string MountPoint, string Path, bool Required);
