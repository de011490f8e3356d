namespace Wharf.Containers;

/// <summary>The defaults dockerd writes into a HostConfig at create (moby's adaptContainerSettings).</summary>
public static class HostDefaults
{
    /// <summary>Docker's default size of /dev/shm: 64 MiB.</summary>
    public const long ShmSize = 64L * 1024 * 1024;

    /// <param name="defaultShmSize">The daemon's --default-shm-size.</param>
    public static HostSettings Apply(HostSettings settings, long defaultShmSize = ShmSize)
    {
        var result = settings;
        if (result.Memory > 0 && result.MemorySwap == 0) result = result with { MemorySwap = result.Memory * 2 };
        if (result.ShmSize == 0) result = result with { ShmSize = defaultShmSize };
        return result;
    }
}
