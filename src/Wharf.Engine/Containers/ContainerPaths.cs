using Wharf.Containers;

namespace Wharf.Engine.Containers;

/// <summary>
/// Where one container's files live. Persistent ones (record, log, /etc files) under the data root;
/// the shim's state and the bundle with its rootfs mount point under the exec root (tmpfs: gone after
/// a reboot, as the processes are).
/// </summary>
internal sealed class ContainerPaths(EngineOptions options, string id)
{
    public string DataDirectory { get; } = Path.Combine(options.DataRoot, "containers", id);

    public string LogFile => Path.Combine(DataDirectory, id + "-json.log");
    public string HostnameFile => Path.Combine(DataDirectory, "hostname");
    public string HostsFile => Path.Combine(DataDirectory, "hosts");
    public string ResolvConfFile => Path.Combine(DataDirectory, "resolv.conf");

    /// <summary>The shim's state directory (socket, pid files, exit.json).</summary>
    public string StateDirectory { get; } = Path.Combine(options.ExecRoot, "containers", id);

    public string BundleDirectory => Path.Combine(StateDirectory, "bundle");
    public string RootfsDirectory => Path.Combine(BundleDirectory, "rootfs");
    public string SpecFile => Path.Combine(BundleDirectory, "config.json");

    /// <summary>The container's writable snapshot (its parent is the image's top layer).</summary>
    public static string SnapshotKey(string id) => "container-" + id;

    /// <summary>The container's writable snapshot: the key its record names, else the one derived from its ID.</summary>
    public static string SnapshotKey(Container record) => record.SnapshotKey ?? SnapshotKey(record.Id);
}
