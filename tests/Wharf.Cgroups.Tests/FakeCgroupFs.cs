namespace Wharf.Cgroups.Tests;

/// <summary>
/// A cgroupfs stand-in under a temp directory: a fake mountinfo and /proc/self/cgroup, the mount points created below
/// the temp root, and control files seeded by the test (regular files do not appear by themselves on mkdir, and
/// writes do not truncate, just as the library writes real cgroupfs — so seed files empty to read back exact values).
/// </summary>
internal sealed class FakeCgroupFs : IDisposable
{
    public const string V1CoMounted = """
        22 1 0:20 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        25 22 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
        26 25 0:23 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd
        29 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,cpu,cpuacct
        30 25 0:27 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory
        31 25 0:28 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,cpuset
        32 25 0:29 / /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,devices
        33 25 0:30 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,freezer
        34 25 0:31 / /sys/fs/cgroup/blkio rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,blkio
        35 25 0:32 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:19 - cgroup cgroup rw,pids
        36 25 0:33 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:20 - cgroup cgroup rw,net_cls,net_prio
        """;

    /// <summary>This machine's layout: cpu and cpuacct mounted separately, plus a controller-less cgroup2.</summary>
    public const string HybridSeparate = """
        30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        35 30 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
        36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
        37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
        38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    public const string HybridSeparateProc = """
        9:name=systemd:/
        8:pids:/
        7:blkio:/
        6:freezer:/
        5:devices:/
        4:memory:/process_api/70cb
        3:cpuset:/
        2:cpuacct:/
        1:cpu:/
        0::/
        """;

    public const string V2 = """
        24 1 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
        """;

    public FakeCgroupFs(string mountInfo, string processCgroups = "0::/\n")
    {
        Root = Directory.CreateTempSubdirectory("wharf-cgroups-test-").FullName;
        string state = Path.Join(Root, "proc");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Join(state, "mountinfo"), mountInfo);
        File.WriteAllText(Path.Join(state, "cgroup"), processCgroups);
        Layout = CgroupLayout.Detect(Path.Join(state, "mountinfo"), Path.Join(state, "cgroup"), Root);
        foreach (string mountPoint in Layout.ControllerMountPoints.Values)
            Directory.CreateDirectory(mountPoint);
        if (Layout.UnifiedMountPoint is string unified)
            Directory.CreateDirectory(unified);
    }

    public string Root { get; }

    public CgroupLayout Layout { get; }

    /// <summary>The temp-dir path of a host path such as /sys/fs/cgroup/memory/x.</summary>
    public string Host(string path) => Path.Join(Root, path);

    /// <summary>Creates <paramref name="dir"/> (a host path) with files given as "name" (empty) or "name=content".</summary>
    public void Seed(string dir, params string[] files)
    {
        string hostDir = Host(dir);
        Directory.CreateDirectory(hostDir);
        foreach (string file in files)
        {
            int eq = file.IndexOf('=');
            string name = eq < 0 ? file : file[..eq];
            string content = eq < 0 ? "" : file[(eq + 1)..].Replace("\\n", "\n");
            File.WriteAllText(Path.Join(hostDir, name), content);
        }
    }

    /// <summary>The content of a host path's fake file.</summary>
    public string Read(string path) => File.ReadAllText(Host(path));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
