using Wharf.Linux.Seccomp;

namespace Wharf.Runtime.Tests.Seccomp;

/// <summary>The input of a seccomp filter (struct seccomp_data), as the tests make it up.</summary>
internal sealed record SyscallInput(uint Arch, uint Nr, ulong[] Args)
{
    public const uint AuditArchX86_64 = 0xc000_003e;
    public const uint AuditArchI386 = 0x4000_0003;
    public const uint AuditArchAarch64 = 0xc000_00b7;
    public const uint X32Bit = 0x4000_0000;

    public static SyscallInput X86_64(uint nr, params ulong[] args) => new(AuditArchX86_64, nr, args);
    public static SyscallInput X32(uint nr, params ulong[] args) => new(AuditArchX86_64, X32Bit | nr, args);
    public static SyscallInput I386(uint nr, params ulong[] args) => new(AuditArchI386, nr, args);

    public ulong Arg(int index) => index < Args.Length ? Args[index] : 0;
}

/// <summary>
/// A classic BPF interpreter for seccomp programs: checks a program as the kernel's loader does
/// (sk_chk_filter + seccomp_check_filter) and runs it on a made-up seccomp_data.
/// </summary>
internal static class BpfInterpreter
{
    private const int SeccompDataSize = 64;

    public static uint Run(SockFilter[] program, SyscallInput input) => Run(program, input, out _);

    /// <param name="executed">How many instructions ran: the length of the path taken.</param>
    public static uint Run(SockFilter[] program, SyscallInput input, out int executed)
    {
        Check(program);
        uint a = 0;
        int pc = 0;
        executed = 0;
        while (true)
        {
            var insn = program[pc++];
            executed++;
            switch (insn.Code)
            {
                case 0x20: a = Word(input, insn.K); break;           // ld [k]
                case 0x54: a &= insn.K; break;                       // and #k
                case 0x05: pc += (int)insn.K; break;                 // ja
                case 0x15: pc += a == insn.K ? insn.Jt : insn.Jf; break; // jeq
                case 0x25: pc += a > insn.K ? insn.Jt : insn.Jf; break;  // jgt
                case 0x35: pc += a >= insn.K ? insn.Jt : insn.Jf; break; // jge
                case 0x45: pc += (a & insn.K) != 0 ? insn.Jt : insn.Jf; break; // jset
                case 0x06: return insn.K;                            // ret #k
                default: throw new InvalidOperationException($"opcode 0x{insn.Code:x} at {pc - 1}");
            }
        }
    }

    /// <summary>What the kernel refuses: bad length, jumps out of the program, loads outside seccomp_data, no final ret.</summary>
    public static void Check(SockFilter[] program)
    {
        if (program.Length is 0 or > 4096) throw new InvalidOperationException($"program length {program.Length}");
        for (int pc = 0; pc < program.Length; pc++)
        {
            var insn = program[pc];
            switch (insn.Code)
            {
                case 0x20:
                    if (insn.K % 4 != 0 || insn.K >= SeccompDataSize) throw new InvalidOperationException($"load of offset {insn.K} at {pc}");
                    break;
                case 0x54 or 0x06:
                    break;
                case 0x05:
                    if ((long)pc + 1 + insn.K >= program.Length) throw new InvalidOperationException($"ja out of the program at {pc}");
                    break;
                case 0x15 or 0x25 or 0x35 or 0x45:
                    if (pc + 1 + insn.Jt >= program.Length || pc + 1 + insn.Jf >= program.Length)
                        throw new InvalidOperationException($"jump out of the program at {pc}");
                    break;
                default:
                    throw new InvalidOperationException($"opcode 0x{insn.Code:x} at {pc}");
            }
        }
        if (program[^1].Code != 0x06) throw new InvalidOperationException("the program does not end in ret");
    }

    /// <summary>One line per instruction, jump targets as absolute addresses: for reading failures.</summary>
    public static string Disassemble(SockFilter[] program) => string.Join('\n', program.Select((insn, pc) => insn.Code switch
    {
        0x20 => $"{pc,4}: ld [{insn.K}]",
        0x54 => $"{pc,4}: and #0x{insn.K:x}",
        0x05 => $"{pc,4}: ja {pc + 1 + insn.K}",
        0x15 or 0x25 or 0x35 or 0x45 =>
            $"{pc,4}: {(insn.Code switch { 0x15 => "jeq", 0x25 => "jgt", 0x35 => "jge", _ => "jset" })} #0x{insn.K:x}, {pc + 1 + insn.Jt}, {pc + 1 + insn.Jf}",
        0x06 => $"{pc,4}: ret #0x{insn.K:x}",
        _ => $"{pc,4}: ? 0x{insn.Code:x}",
    }));

    private static uint Word(SyscallInput input, uint offset) => offset switch
    {
        0 => input.Nr,
        4 => input.Arch,
        8 or 12 => 0, // instruction pointer
        _ => (offset - 16) % 8 == 0
            ? (uint)input.Arg((int)(offset - 16) / 8)
            : (uint)(input.Arg((int)(offset - 16) / 8) >> 32),
    };
}
