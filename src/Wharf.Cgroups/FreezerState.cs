namespace Wharf.Cgroups;

/// <summary>Whether the processes of a cgroup are running, being frozen, or frozen.</summary>
public enum FreezerState
{
    Thawed,

    /// <summary>A freeze was requested and has not completed yet (v1 <c>FREEZING</c>, v2 <c>cgroup.freeze</c> 1 while
    /// <c>cgroup.events</c> still says <c>frozen 0</c>).</summary>
    Freezing,

    Frozen,
}
