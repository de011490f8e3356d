using Wharf.Containers;
using Wharf.Core;

namespace Wharf.Engine.Containers;

/// <summary>The checks dockerd makes on a HostConfig before it creates anything, with its messages.</summary>
internal static class HostSettingsCheck
{
    private const long MinimumMemory = 6 * 1024 * 1024;

    /// <summary>Throws InvalidArgument for what Docker refuses; returns the warnings it would print.</summary>
    public static IReadOnlyList<string> Validate(HostSettings host)
    {
        var warnings = new List<string>();
        if (host.Memory is > 0 and < MinimumMemory)
            throw WharfException.Invalid("Minimum memory limit allowed is 6MB");
        if (host.MemorySwap > 0 && (host.Memory ?? 0) == 0)
            throw WharfException.Invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
        if (host.MemorySwap > 0 && host.Memory > 0 && host.MemorySwap < host.Memory)
            throw WharfException.Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");

        if (host.NanoCpus > 0 && host.CpuPeriod > 0)
            throw WharfException.Invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        if (host.NanoCpus > 0 && host.CpuQuota > 0)
            throw WharfException.Invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        int cpus = Environment.ProcessorCount;
        if (host.NanoCpus is < 0 || host.NanoCpus > cpus * 1_000_000_000L)
            throw WharfException.Invalid($"Range of CPUs is from 0.01 to {cpus}.00, as there are only {cpus} CPUs available");

        var policy = host.RestartPolicy;
        string name = policy?.Name ?? "";
        if (name is not ("" or "no" or "always" or "unless-stopped" or "on-failure"))
            throw WharfException.Invalid($"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        if (policy is { MaximumRetryCount: < 0 })
            throw WharfException.Invalid("invalid restart policy: maximum retry count cannot be negative");
        if (policy is { MaximumRetryCount: > 0 } && name != "on-failure")
            throw WharfException.Invalid($"invalid restart policy: maximum retry count can only be used with 'on-failure'");
        if (host.AutoRemove && name is not ("" or "no"))
            throw WharfException.Invalid("can't create 'AutoRemove' container with restart policy");
        return warnings;
    }
}
