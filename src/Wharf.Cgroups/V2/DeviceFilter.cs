using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux.Interop;
using static Wharf.Linux.Interop.Libc;

namespace Wharf.Cgroups.V2;

/// <summary>
/// Device access on cgroup v2: no devices.allow/deny files exist, so the OCI rules become an eBPF
/// program of type BPF_PROG_TYPE_CGROUP_DEVICE attached to the cgroup, as runc does. The rules
/// keep v1's meaning — a new cgroup starts allowing everything and each rule overrides the ones
/// before it — so the program tests them from last to first and the first match decides.
/// </summary>
internal static class DeviceFilter
{
    // struct bpf_cgroup_dev_ctx { u32 access_type /* access << 16 | type */; u32 major; u32 minor; }
    private const byte LdxMemW = 0x61, AluAndK = 0x54, AluRshK = 0x74, Mov64X = 0xbf, AluMovK = 0xb4, JneK = 0x55, Exit = 0x95;
    private const int DevBlock = 1, DevChar = 2;
    private const int AccMknod = 1, AccRead = 2, AccWrite = 4, AccAll = AccMknod | AccRead | AccWrite;

    public static BpfInstruction[] Build(IReadOnlyList<DeviceCgroupRule> rules)
    {
        var program = new List<BpfInstruction>
        {
            BpfInstruction.Make(LdxMemW, 2, 1, 0, 0),   // r2 = access_type
            BpfInstruction.Make(AluAndK, 2, 0, 0, 0xffff), // r2 = device type
            BpfInstruction.Make(LdxMemW, 3, 1, 0, 0),   // r3 = access_type
            BpfInstruction.Make(AluRshK, 3, 0, 0, 16),  // r3 = access requested
            BpfInstruction.Make(LdxMemW, 4, 1, 4, 0),   // r4 = major
            BpfInstruction.Make(LdxMemW, 5, 1, 8, 0),   // r5 = minor
        };
        for (int i = rules.Count - 1; i >= 0; i--)
        {
            var block = Block(rules[i]);
            program.AddRange(block);
            // A rule that matches everything ends the program: the verifier rejects unreachable code.
            if (block.Count == 2) return [.. program];
        }
        // No rule matched: a cgroup's devices start allowed, as in v1.
        program.Add(BpfInstruction.Make(AluMovK, 0, 0, 0, 1));
        program.Add(BpfInstruction.Make(Exit, 0, 0, 0, 0));
        return [.. program];
    }

    /// <summary>The checks of one rule, each jumping past the block on a mismatch, then the verdict.</summary>
    private static List<BpfInstruction> Block(DeviceCgroupRule rule)
    {
        int access = ParseAccess(rule.Access);
        var checks = new List<(byte Code, int Dst, int Src, int Imm, bool ClobbersR1)>();
        switch (rule.Type)
        {
            case null or "" or "a":
                break;
            case "c":
                checks.Add((JneK, 2, 0, DevChar, false));
                break;
            case "b":
                checks.Add((JneK, 2, 0, DevBlock, false));
                break;
            default:
                throw WharfException.Invalid($"device cgroup rule: invalid type \"{rule.Type}\" (want a, b or c)");
        }
        var block = new List<BpfInstruction>();
        foreach (var (code, dst, src, imm, _) in checks) block.Add(BpfInstruction.Make(code, dst, src, 0, imm));
        if (access != AccAll)
        {
            // Match only if every access asked for is one the rule names: (requested & ~allowed) == 0.
            block.Add(BpfInstruction.Make(Mov64X, 1, 3, 0, 0));
            block.Add(BpfInstruction.Make(AluAndK, 1, 0, 0, ~access & AccAll));
            block.Add(BpfInstruction.Make(JneK, 1, 0, 0, 0));
        }
        if (rule.Major is long major and >= 0) block.Add(BpfInstruction.Make(JneK, 4, 0, 0, (int)major));
        if (rule.Minor is long minor and >= 0) block.Add(BpfInstruction.Make(JneK, 5, 0, 0, (int)minor));
        block.Add(BpfInstruction.Make(AluMovK, 0, 0, 0, rule.Allow ? 1 : 0));
        block.Add(BpfInstruction.Make(Exit, 0, 0, 0, 0));

        // Every conditional jump skips to the end of this block.
        for (int i = 0; i < block.Count; i++)
        {
            if (block[i].Code == JneK)
                block[i] = block[i] with { Offset = (short)(block.Count - i - 1) };
        }
        return block;
    }

    private static int ParseAccess(string? access)
    {
        if (string.IsNullOrEmpty(access)) return AccAll;
        int bits = 0;
        foreach (char c in access)
        {
            bits |= c switch
            {
                'r' => AccRead,
                'w' => AccWrite,
                'm' => AccMknod,
                _ => throw WharfException.Invalid($"device cgroup rule: invalid access \"{access}\" (want r, w, m)"),
            };
        }
        return bits;
    }

    /// <summary>Loads the program and attaches it to the cgroup directory (it stays attached after we close both).</summary>
    public static void Attach(string cgroupDirectory, IReadOnlyList<DeviceCgroupRule> rules)
    {
        BpfInstruction[] program = Build(rules);
        int programFd = BpfLoadProgram(BPF_PROG_TYPE_CGROUP_DEVICE, program, "Apache");
        try
        {
            int dirFd = Check(Open(cgroupDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0), "open", cgroupDirectory);
            try
            {
                BpfAttach(dirFd, programFd, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI);
            }
            finally
            {
                Close(dirFd);
            }
        }
        finally
        {
            Close(programFd);
        }
    }
}
