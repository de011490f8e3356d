using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.V2;

/// <summary>A cgroup on a pure v2 host: one directory in the unified hierarchy.</summary>
internal sealed class V2Cgroup(string path, CgroupDirectory directory) : ICgroup
{
    private readonly string _dir = directory.Path;

    public string Path { get; } = path;

    public IReadOnlyList<CgroupDirectory> Directories { get; } = [directory];

    public bool Exists => Directory.Exists(_dir);

    public FreezerState State => FreezerController.State(_dir);

    public void Create()
    {
        SubtreeControl.EnableAlongPath(directory.MountPoint, _dir);
        CgroupTree.Create(_dir);
    }

    public void Apply(LinuxResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        // Device rules: v2 has no devices.allow/deny, so they become an eBPF program attached to the cgroup. Each
        // Apply attaches another one and all attached programs must allow an access, so a later update can narrow
        // device access but not widen it (runc swaps the program; containers set their rules once, at creation).
        if (resources.Devices is { Count: > 0 } devices)
            DeviceFilter.Attach(_dir, devices);
        if (resources.Cpu is CpuResources cpu)
            CpusetController.Apply(_dir, cpu);
        if (resources.Memory is MemoryResources memory)
            MemoryController.Apply(_dir, memory);
        if (resources.Cpu is CpuResources cfs)
            CpuController.Apply(_dir, cfs);
        if (resources.Pids is PidsResources pids)
            PidsController.Apply(_dir, pids);
        if (resources.BlockIO is BlockIoResources blockIO)
            IoController.Apply(_dir, blockIO);
        if (resources.Unified is { Count: > 0 } unified)
            UnifiedResources.Apply(_dir, unified);
    }

    public void AddProcess(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        CgroupTree.AddProcess(_dir, pid);
    }

    public void Freeze() => FreezerController.Freeze(_dir);

    public void Thaw() => FreezerController.Thaw(_dir);

    public IReadOnlyList<int> Pids() => CgroupTree.Pids(_dir);

    public CgroupStats Stats()
    {
        if (!Exists)
            throw WharfException.NotFound($"cgroup {Path} does not exist");
        var stats = MemoryController.Read(_dir, new CgroupStats());
        stats = PidsController.Read(_dir, stats);
        return CpuController.Read(_dir, stats);
    }

    public void Delete() => CgroupTree.Remove(Directories);
}
