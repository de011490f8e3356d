using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Cgroups.V1;

/// <summary>
/// A cgroup on a v1 or hybrid host: one directory per mounted v1 hierarchy (co-mounted controllers share one), plus
/// best-effort directories in named hierarchies (<c>name=systemd</c>) and, on hybrid hosts, in the controller-less
/// v2 hierarchy. Resources always go through the v1 controllers.
/// </summary>
internal sealed class V1Cgroup : ICgroup
{
    private readonly IReadOnlyList<CgroupDirectory> _directories;
    private readonly Dictionary<string, string> _byController = new(StringComparer.Ordinal);

    public V1Cgroup(string path, IReadOnlyList<CgroupDirectory> directories)
    {
        Path = path;
        _directories = directories;
        foreach (CgroupDirectory directory in directories)
        {
            if (directory.Hierarchy.Length == 0)
                continue;
            foreach (string controller in directory.Hierarchy.Split(','))
                _byController.TryAdd(controller, directory.Path);
        }
    }

    public string Path { get; }

    public IReadOnlyList<CgroupDirectory> Directories => _directories;

    public bool Exists => _directories.Any(d => Directory.Exists(d.Path));

    public FreezerState State => FreezerController.State(ControllerDir("freezer"));

    /// <summary>The cgroup's directory in the hierarchy carrying <paramref name="controller"/>; null if not mounted.</summary>
    internal string? ControllerDir(string controller) => _byController.GetValueOrDefault(controller);

    public void Create()
    {
        foreach (CgroupDirectory directory in _directories)
        {
            if (!directory.Required)
            {
                BestEffort(() => CgroupTree.Create(directory.Path));
                continue;
            }
            CgroupTree.Create(directory.Path);
            if (directory.Hierarchy.Split(',').Contains("cpuset"))
                CpusetController.Populate(directory.MountPoint, directory.Path);
        }
    }

    public void Apply(LinuxResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (resources.Unified is { Count: > 0 })
            throw WharfException.Invalid("cgroup: linux.resources.unified needs cgroup v2; this host's controllers are cgroup v1");

        // runc's order: cpuset, devices, memory, cpu, pids, blkio.
        if (resources.Cpu is CpuResources cpu)
            CpusetController.Apply(ControllerDir("cpuset"), cpu);
        if (resources.Devices is { } devices)
            DevicesController.Apply(ControllerDir("devices"), devices);
        if (resources.Memory is MemoryResources memory)
            MemoryController.Apply(ControllerDir("memory"), memory);
        if (resources.Cpu is CpuResources cfs)
            CpuController.Apply(ControllerDir("cpu"), cfs);
        if (resources.Pids is PidsResources pids)
            PidsController.Apply(ControllerDir("pids"), pids);
        if (resources.BlockIO is BlockIoResources blockIO)
            BlkioController.Apply(ControllerDir("blkio"), blockIO);
    }

    public void AddProcess(int pid)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        foreach (CgroupDirectory directory in _directories)
        {
            if (directory.Required)
                CgroupTree.AddProcess(directory.Path, pid);
            else
                BestEffort(() => CgroupTree.AddProcess(directory.Path, pid));
        }
    }

    public void Freeze() => FreezerController.Freeze(Controller.Require(ControllerDir("freezer"), "freezer", "freeze"));

    public void Thaw() => FreezerController.Thaw(Controller.Require(ControllerDir("freezer"), "freezer", "thaw"));

    public IReadOnlyList<int> Pids()
    {
        // Every hierarchy holds the same processes once AddProcess ran; read one that is always per-container.
        string? dir = ControllerDir("pids") ?? ControllerDir("freezer") ?? ControllerDir("memory") ?? ControllerDir("devices")
            ?? _directories.FirstOrDefault(d => d.Required)?.Path;
        return dir is null ? [] : CgroupTree.Pids(dir);
    }

    public CgroupStats Stats()
    {
        if (!Exists)
            throw WharfException.NotFound($"cgroup {Path} does not exist");
        var stats = new CgroupStats();
        if (ControllerDir("memory") is string memory)
            stats = MemoryController.Read(memory, stats);
        if (ControllerDir("pids") is string pids)
            stats = PidsController.Read(pids, stats);
        return CpuController.Read(ControllerDir("cpu"), ControllerDir("cpuacct"), stats);
    }

    public void Delete() => CgroupTree.Remove(_directories);

    private static void BestEffort(Action action)
    {
        try
        {
            action();
        }
        catch (WharfException)
        {
            // Named and controller-less hierarchies only track membership; a failure there must not fail the container.
        }
    }
}
