namespace Wharf.Containers;

/// <summary>
/// What the host offers that create-time checks depend on (moby's sysinfo): whether a path exists
/// (bind sources) and which block I/O controls the cgroup has. Tests pass their own.
/// </summary>
public sealed record HostFeatures
{
    public Func<string, bool> PathExists { get; init; } = path => File.Exists(path) || Directory.Exists(path);
    public BlkioSupport Blkio { get; init; } = BlkioSupport.None;

    /// <summary>This machine's, read once per call from /sys/fs/cgroup.</summary>
    public static HostFeatures Probe(string cgroupRoot = "/sys/fs/cgroup") => new() { Blkio = BlkioSupport.Probe(cgroupRoot) };
}

/// <summary>moby's applyBlkioCgroupInfo (v1: the blkio files that exist) and applyIOCgroupInfoV2 (v2: all, with the io controller).</summary>
public sealed record BlkioSupport(bool Weight, bool WeightDevice, bool ReadBpsDevice, bool WriteBpsDevice, bool ReadIOpsDevice, bool WriteIOpsDevice)
{
    public static readonly BlkioSupport None = new(false, false, false, false, false, false);
    public static readonly BlkioSupport All = new(true, true, true, true, true, true);

    public static BlkioSupport Probe(string cgroupRoot)
    {
        string v1 = Path.Combine(cgroupRoot, "blkio");
        if (Directory.Exists(v1))
        {
            bool Has(string file) => File.Exists(Path.Combine(v1, file));
            return new BlkioSupport(Has("blkio.weight"), Has("blkio.weight_device"), Has("blkio.throttle.read_bps_device"),
                Has("blkio.throttle.write_bps_device"), Has("blkio.throttle.read_iops_device"), Has("blkio.throttle.write_iops_device"));
        }
        try
        {
            string controllers = File.ReadAllText(Path.Combine(cgroupRoot, "cgroup.controllers"));
            return controllers.Split(' ', '\n').Contains("io") ? All : None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return None;
        }
    }
}
