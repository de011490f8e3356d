using Wharf.Core;

namespace Wharf.Runtime.Seccomp;

/// <summary>
/// A system-call ABI a filter can see on an x86_64 host: how the kernel tags it in
/// seccomp_data (audit arch, and for x32 the 0x40000000 bit in the number), its syscall table,
/// and whether its arguments are 64-bit.
/// </summary>
internal sealed class SyscallAbi
{
    public const uint AuditArchX86_64 = 0xc000_003e;
    public const uint AuditArchI386 = 0x4000_0003;
    public const uint X32SyscallBit = 0x4000_0000;

    public static readonly SyscallAbi X86_64 = new("SCMP_ARCH_X86_64", AuditArchX86_64, 0, X32SyscallBit - 1, is64Bit: true, SyscallTable.X86_64);

    // libseccomp treats x32 arguments as 32-bit values, and so do we.
    public static readonly SyscallAbi X32 = new("SCMP_ARCH_X32", AuditArchX86_64, X32SyscallBit, uint.MaxValue, is64Bit: false, SyscallTable.X32);

    public static readonly SyscallAbi I386 = new("SCMP_ARCH_X86", AuditArchI386, 0, uint.MaxValue, is64Bit: false, SyscallTable.I386);

    // Architectures runc accepts that an x86_64 kernel never reports: accepted and ignored.
    private static readonly HashSet<string> ForeignArchitectures =
    [
        "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
        "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
        "SCMP_ARCH_PPC64LE", "SCMP_ARCH_RISCV64", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_LOONGARCH64",
    ];

    private SyscallAbi(string name, uint auditArch, uint lowest, uint highest, bool is64Bit, SyscallTable table)
    {
        Name = name;
        AuditArch = auditArch;
        Lowest = lowest;
        Highest = highest;
        Is64Bit = is64Bit;
        Table = table;
    }

    /// <summary>The libseccomp name (SCMP_ARCH_*).</summary>
    public string Name { get; }
    public uint AuditArch { get; }
    /// <summary>The range of seccomp_data.nr values this ABI owns under its audit arch.</summary>
    public uint Lowest { get; }
    public uint Highest { get; }
    /// <summary>False: only the low 32 bits of an argument are compared (libseccomp's 32-bit ABIs).</summary>
    public bool Is64Bit { get; }
    public SyscallTable Table { get; }

    /// <summary>
    /// The ABIs a filter covers: the native x86_64 always (as libseccomp), plus x32 and i386 when
    /// listed. Unknown names are an error.
    /// </summary>
    public static IReadOnlyList<SyscallAbi> FromArchitectures(IEnumerable<string>? names)
    {
        bool x32 = false, i386 = false;
        foreach (string name in names ?? [])
        {
            switch (name)
            {
                case "SCMP_ARCH_X86_64": break;
                case "SCMP_ARCH_X32": x32 = true; break;
                case "SCMP_ARCH_X86": i386 = true; break;
                default:
                    if (!ForeignArchitectures.Contains(name))
                        throw WharfException.Invalid($"seccomp: unknown architecture \"{name}\"");
                    break;
            }
        }
        List<SyscallAbi> abis = [X86_64];
        if (x32) abis.Add(X32);
        if (i386) abis.Add(I386);
        return abis;
    }
}
