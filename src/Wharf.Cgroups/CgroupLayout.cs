using Wharf.Cgroups.V1;
using Wharf.Cgroups.V2;
using Wharf.Core;

namespace Wharf.Cgroups;

/// <summary>
/// The host's cgroup hierarchies: whether it runs v1, v2 or hybrid, where each hierarchy is mounted, and which
/// cgroup the calling process is in (the base for relative cgroups paths). Detect once per process; the layout is
/// immutable and cheap to keep.
/// </summary>
public sealed class CgroupLayout
{
    public const string DefaultMountInfoPath = "/proc/self/mountinfo";
    public const string DefaultProcessCgroupPath = "/proc/self/cgroup";

    private readonly IReadOnlyList<Hierarchy> _v1;
    private readonly Hierarchy? _unified;

    private CgroupLayout(CgroupMode mode, IReadOnlyList<Hierarchy> v1, Hierarchy? unified)
    {
        Mode = mode;
        _v1 = v1;
        _unified = unified;
        var mountPoints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Hierarchy hierarchy in v1)
        {
            foreach (string controller in hierarchy.Mount.Controllers)
                mountPoints[controller] = hierarchy.HostMountPoint;
        }
        ControllerMountPoints = mountPoints;
    }

    public CgroupMode Mode { get; }

    /// <summary>Host path of the cgroup2 mount (<c>/sys/fs/cgroup</c> on v2, <c>/sys/fs/cgroup/unified</c> on a
    /// hybrid host); null on pure v1.</summary>
    public string? UnifiedMountPoint => _unified?.HostMountPoint;

    /// <summary>v1 (and hybrid) only: each controller and named hierarchy (<c>name=systemd</c>) to the host path it
    /// is mounted at. Co-mounted controllers (<c>cpu,cpuacct</c>) map to the same path. Empty on v2.</summary>
    public IReadOnlyDictionary<string, string> ControllerMountPoints { get; }

    /// <summary>
    /// Reads the mount table and the caller's cgroup membership.
    /// </summary>
    /// <param name="mountInfoPath">mountinfo to read (tests pass a fake one).</param>
    /// <param name="processCgroupPath">/proc/self/cgroup equivalent: the base for relative cgroups paths.</param>
    /// <param name="rootPrefix">Prepended to every mount point found, so tests can place a fake cgroupfs in a temp
    /// directory; "/" on a real host.</param>
    /// <exception cref="WharfException">No cgroup filesystem is mounted, or the files cannot be read.</exception>
    public static CgroupLayout Detect(
        string mountInfoPath = DefaultMountInfoPath,
        string processCgroupPath = DefaultProcessCgroupPath,
        string rootPrefix = "/")
    {
        string mountInfo, processCgroups;
        try
        {
            mountInfo = File.ReadAllText(mountInfoPath);
            processCgroups = File.Exists(processCgroupPath) ? File.ReadAllText(processCgroupPath) : "";
        }
        catch (Exception e) when (CgroupFile.ErrnoOf(e) is not null)
        {
            throw new WharfException(ErrorKind.Internal, $"cgroup: cannot read {mountInfoPath} or {processCgroupPath}: {e.Message}", e);
        }
        return Parse(mountInfo, processCgroups, rootPrefix, mountInfoPath);
    }

    /// <summary>Builds a layout from the text of mountinfo and /proc/self/cgroup.</summary>
    internal static CgroupLayout Parse(string mountInfo, string processCgroups, string rootPrefix, string source = "mountinfo")
    {
        List<CgroupMount> mounts = CgroupMount.Parse(mountInfo);
        Dictionary<string, string> own = ProcessCgroups.Parse(processCgroups);

        var v1 = new List<Hierarchy>();
        var seenControllers = new HashSet<string>(StringComparer.Ordinal);
        Hierarchy? unified = null;
        foreach (CgroupMount mount in mounts)
        {
            string hostMountPoint = rootPrefix is "/" or "" ? mount.MountPoint : CgroupPath.Join(rootPrefix, mount.MountPoint);
            if (mount.IsUnified)
            {
                // The first cgroup2 mount wins; later ones are bind mounts of the same hierarchy.
                unified ??= new Hierarchy(mount, hostMountPoint, own.GetValueOrDefault("", "/"));
                continue;
            }
            // A hierarchy mounted twice (or a controller seen already) keeps its first mount.
            if (mount.Controllers.Any(seenControllers.Contains))
                continue;
            seenControllers.UnionWith(mount.Controllers);
            v1.Add(new Hierarchy(mount, hostMountPoint, own.GetValueOrDefault(mount.Controllers[0], "/")));
        }

        bool anyV1Controller = v1.Any(h => !h.Mount.IsNamedOnly);
        if (!anyV1Controller && unified is null)
            throw new WharfException(ErrorKind.Internal, $"cgroup: no cgroup filesystem is mounted (checked {source})");
        if (!anyV1Controller)
            return new CgroupLayout(CgroupMode.V2, [], unified);
        return new CgroupLayout(unified is null ? CgroupMode.V1 : CgroupMode.Hybrid, v1, unified);
    }

    /// <summary>
    /// The cgroup at <paramref name="cgroupsPath"/>, with runc's meaning of OCI <c>linux.cgroupsPath</c>: an absolute
    /// path is relative to the root of each hierarchy (<c>/docker/abc</c> is
    /// <c>/sys/fs/cgroup/memory/docker/abc</c> on v1); a relative path is relative to the calling process's own
    /// cgroup in each hierarchy (from /proc/self/cgroup). ".." cannot climb out of either. Touches nothing on disk.
    /// </summary>
    /// <exception cref="WharfException">InvalidArgument: the path is empty or cleans to the base itself.</exception>
    public ICgroup Open(string cgroupsPath)
    {
        string clean = CgroupPath.Validate(cgroupsPath);
        bool relative = !cgroupsPath.StartsWith('/');
        if (Mode == CgroupMode.V2)
        {
            Hierarchy unified = _unified!;
            return new V2Cgroup(clean, new CgroupDirectory("", unified.HostMountPoint, unified.Resolve(clean, relative), Required: true));
        }

        var directories = new List<CgroupDirectory>();
        foreach (Hierarchy hierarchy in _v1)
        {
            directories.Add(new CgroupDirectory(
                hierarchy.Mount.Hierarchy, hierarchy.HostMountPoint, hierarchy.Resolve(clean, relative), Required: !hierarchy.Mount.IsNamedOnly));
        }
        // Hybrid: the controller-less v2 hierarchy only tracks membership (systemd and tools look there); join it
        // on a best-effort basis, as runc does.
        if (_unified is Hierarchy hybrid)
            directories.Add(new CgroupDirectory("", hybrid.HostMountPoint, hybrid.Resolve(clean, relative), Required: false));
        return new V1Cgroup(clean, directories);
    }

    /// <summary>
    /// The cgroup made earlier at <paramref name="directories"/> (its <see cref="ICgroup.Directories"/>). A relative
    /// cgroups path resolves against the caller's own cgroup, which can differ between the process that created a
    /// container and one that later execs into it or deletes it: the recorded directories do not.
    /// </summary>
    public ICgroup Reopen(string cgroupsPath, IReadOnlyList<CgroupDirectory> directories) =>
        Mode == CgroupMode.V2 ? new V2Cgroup(cgroupsPath, directories.Single()) : new V1Cgroup(cgroupsPath, directories);

    /// <summary>A mounted hierarchy with the caller's own cgroup in it.</summary>
    private sealed record Hierarchy(CgroupMount Mount, string HostMountPoint, string OwnPath)
    {
        public string Resolve(string cleanPath, bool relative)
        {
            string baseDir = relative
                ? CgroupPath.Join(HostMountPoint, CgroupPath.BelowRoot(OwnPath, Mount.Root))
                : HostMountPoint;
            return CgroupPath.Join(baseDir, cleanPath);
        }
    }
}
