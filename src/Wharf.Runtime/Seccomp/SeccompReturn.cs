namespace Wharf.Runtime.Seccomp;

/// <summary>The values a seccomp filter returns (SECCOMP_RET_*): an action in the high 16 bits, data in the low 16.</summary>
internal static class SeccompReturn
{
    public const uint KillProcess = 0x8000_0000;
    public const uint KillThread = 0x0000_0000;
    public const uint Trap = 0x0003_0000;
    public const uint Errno = 0x0005_0000;
    public const uint UserNotify = 0x7fc0_0000;
    public const uint Trace = 0x7ff0_0000;
    public const uint Log = 0x7ffc_0000;
    public const uint Allow = 0x7fff_0000;

    public const uint ActionMask = 0xffff_0000;
    public const uint DataMask = 0x0000_ffff;

    public const uint EPERM = 1;
    public const uint ENOSYS = 38;

    public static uint ErrnoOf(uint errno) => Errno | errno;

    /// <summary>Allow, log and trace let unknown syscalls through: no -ENOSYS stub for them (as runc).</summary>
    public static bool Permits(uint value) => (value & ActionMask) is Allow or Log or Trace;
}
