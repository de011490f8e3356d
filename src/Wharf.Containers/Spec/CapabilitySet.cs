using System.Globalization;
using Wharf.Core;

namespace Wharf.Containers;

/// <summary>
/// Capabilities by Docker's rules (moby's daemon/pkg/oci/caps): the 14 defaults, CapAdd/CapDrop
/// names in any case with or without "CAP_", "ALL", and everything for a privileged container.
/// </summary>
public static class CapabilitySet
{
    /// <summary>Docker's default capabilities, in Docker's order.</summary>
    public static readonly IReadOnlyList<string> Default =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>Every capability Linux defines, by number.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    private const string All = "ALL";
    private static readonly Lazy<IReadOnlyList<string>> Available = new(ReadAvailable);

    /// <summary>
    /// The capabilities this host can grant: the known ones the kernel has (cap_last_cap) and
    /// this process holds in its bounding set. A privileged container gets these.
    /// </summary>
    public static IReadOnlyList<string> AvailableOnHost => Available.Value;

    /// <summary>The container's capabilities: Docker's TweakCapabilities over <see cref="Default"/>.</summary>
    /// <exception cref="WharfException">InvalidArgument for an unknown or unavailable name.</exception>
    public static IReadOnlyList<string> For(HostSettings settings) =>
        Tweak(Default, settings.CapAdd ?? [], settings.CapDrop ?? [], settings.Privileged, AvailableOnHost);

    internal static IReadOnlyList<string> Tweak(
        IReadOnlyList<string> basics, IReadOnlyList<string> adds, IReadOnlyList<string> drops, bool privileged, IReadOnlyList<string> available)
    {
        if (privileged) return available;
        if (adds.Count == 0 && drops.Count == 0) return basics;
        var capDrop = Normalize(drops, available, "CapDrop");
        var capAdd = Normalize(adds, available, "CapAdd");
        if (capAdd.Contains(All)) return available.Where(c => !capDrop.Contains(c)).ToArray();
        if (capDrop.Contains(All)) return capAdd.ToArray();
        return basics.Where(c => !capDrop.Contains(c)).Concat(capAdd).ToArray();
    }

    /// <summary>Upper-cased, "CAP_"-prefixed names (and "ALL"); Docker's NormalizeLegacyCapabilities.</summary>
    internal static List<string> Normalize(IReadOnlyList<string> names, IReadOnlyList<string> available, string field)
    {
        var normalized = new List<string>();
        foreach (string name in names)
        {
            string upper = name.ToUpperInvariant();
            if (upper == All)
            {
                normalized.Add(upper);
                continue;
            }
            if (!upper.StartsWith("CAP_", StringComparison.Ordinal)) upper = "CAP_" + upper;
            if (!Known.Contains(upper))
                throw WharfException.Invalid($"invalid {field}: unknown capability: \"{UntrustedName.Show(upper)}\"");
            if (!available.Contains(upper))
                throw WharfException.Invalid($"invalid {field}: capability not supported by your kernel or not available in the current environment: \"{upper}\"");
            normalized.Add(upper);
        }
        return normalized;
    }

    private static IReadOnlyList<string> ReadAvailable()
    {
        int last = Known.Count - 1;
        try
        {
            last = Math.Min(last, int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim(), CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            // keep every known one: the runtime refuses what the kernel lacks
        }
        ulong bounding = ulong.MaxValue;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("CapBnd:", StringComparison.Ordinal))
                    bounding = ulong.Parse(line["CapBnd:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
        }
        return Known.Take(last + 1).Where((_, number) => (bounding & (1UL << number)) != 0).ToArray();
    }
}
