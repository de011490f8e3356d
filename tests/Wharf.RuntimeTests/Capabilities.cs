namespace Wharf.RuntimeTests;

/// <summary>Capability names (as config.json spells them) to the masks /proc/self/status shows.</summary>
public static class Capabilities
{
    static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>The 16-hex-digit mask /proc/self/status prints for a set of capability names.</summary>
    public static string Mask(params IEnumerable<string> names)
    {
        ulong mask = 0;
        foreach (var name in names)
        {
            var bit = Array.IndexOf(Names, name);
            if (bit < 0) throw new ArgumentException($"unknown capability {name}", nameof(names));
            mask |= 1UL << bit;
        }
        return mask.ToString("x16");
    }

    public static bool Has(string statusMask, string name) =>
        (Convert.ToUInt64(statusMask, 16) & Convert.ToUInt64(Mask(name), 16)) != 0;
}
