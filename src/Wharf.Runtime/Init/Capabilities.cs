using Wharf.Core.Oci;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Runtime.Init;

/// <summary>
/// Capability sets from config.json applied to the calling thread, which then execs: bounding
/// first (needs CAP_SETPCAP), then after the uid switch the effective/permitted/inheritable
/// sets, then the ambient set.
/// </summary>
public sealed unsafe class Capabilities
{
    private static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
        "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
        "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    private readonly ulong _bounding, _effective, _permitted, _inheritable, _ambient;

    private Capabilities(CapabilitiesSpec spec)
    {
        _bounding = Mask(spec.Bounding);
        _effective = Mask(spec.Effective);
        _permitted = Mask(spec.Permitted);
        _inheritable = Mask(spec.Inheritable);
        _ambient = Mask(spec.Ambient);
    }

    /// <summary>Null when config.json has no capabilities object: the process keeps what it has.</summary>
    public static Capabilities? From(CapabilitiesSpec? spec) => spec is null ? null : new Capabilities(spec);

    public static int? NumberOf(string name)
    {
        int index = Array.IndexOf(Names, name.ToUpperInvariant());
        return index < 0 ? null : index;
    }

    /// <summary>Unknown names are ignored, as runc does, so newer configs run on older kernels.</summary>
    private static ulong Mask(List<string>? names)
    {
        ulong mask = 0;
        int last = LastCapability();
        foreach (string name in names ?? [])
        {
            if (NumberOf(name) is int n && n <= last) mask |= 1UL << n;
        }
        return mask;
    }

    public static int LastCapability()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim());
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return Names.Length - 1;
        }
    }

    public void DropBounding()
    {
        int last = LastCapability();
        for (int cap = 0; cap <= last; cap++)
        {
            if ((_bounding & (1UL << cap)) != 0) continue;
            if (Libc.Prctl(Libc.PR_CAPBSET_DROP, (nuint)cap, 0, 0, 0) != 0)
            {
                var error = LinuxException.FromLastError("prctl(PR_CAPBSET_DROP)");
                if (error.Errno != Errno.EINVAL) throw error;
            }
        }
    }

    public void ApplySets()
    {
        var header = new Libc.CapHeader { Version = Libc.LINUX_CAPABILITY_VERSION_3, Pid = 0 };
        var data = stackalloc Libc.CapData[2];
        for (int i = 0; i < 2; i++)
        {
            int shift = i * 32;
            data[i] = new Libc.CapData
            {
                Effective = (uint)(_effective >> shift),
                Permitted = (uint)(_permitted >> shift),
                Inheritable = (uint)(_inheritable >> shift),
            };
        }
        Libc.Check(Libc.Capset(&header, data), "capset");

        Libc.Prctl(Libc.PR_CAP_AMBIENT, Libc.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        for (int cap = 0; cap < 64; cap++)
        {
            if ((_ambient & (1UL << cap)) == 0) continue;
            // Raising fails for a cap not in both permitted and inheritable; runc ignores that too.
            Libc.Prctl(Libc.PR_CAP_AMBIENT, Libc.PR_CAP_AMBIENT_RAISE, (nuint)cap, 0, 0);
        }
    }
}
