namespace Wharf.Cgroups;

/// <summary>How the host mounts its cgroup hierarchies.</summary>
public enum CgroupMode
{
    /// <summary>cgroup v1 only: one <c>cgroup</c> mount per controller (or per co-mounted group, e.g. <c>cpu,cpuacct</c>).</summary>
    V1,

    /// <summary>cgroup v2 only: a single <c>cgroup2</c> mount (normally <c>/sys/fs/cgroup</c>) holding every controller.</summary>
    V2,

    /// <summary>v1 controller mounts plus a <c>cgroup2</c> mount (normally <c>/sys/fs/cgroup/unified</c>) that has no
    /// controllers of its own: resources go through v1, the v2 hierarchy only tracks processes.</summary>
    Hybrid,
}
