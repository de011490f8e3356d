using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux.Seccomp;

namespace Wharf.Runtime.Seccomp;

/// <summary>
/// Compiles config.json's linux.seccomp into a classic BPF program for an x86_64 host, with the
/// semantics runc gets from libseccomp (plus runc's -ENOSYS stub), without libseccomp.
///
/// Program shape:
/// <code>
///   ld arch
///   jeq AUDIT_ARCH_X86_64, else → i386
///     ld nr
///     jge 0x40000000 → x32 search (SCMP_ARCH_X32 listed) or ret KILL_PROCESS
///     x86_64 search
///     x32 search
/// i386:
///   jeq AUDIT_ARCH_I386 (SCMP_ARCH_X86 listed), else ret KILL_PROCESS
///     ld nr
///     i386 search
/// </code>
/// A search is a binary search (one `jge` per level) over ranges of syscall numbers that share
/// an outcome, ending in a `ret` or in the syscall's argument rules. Far jumps get `ja`
/// trampolines (<see cref="BpfAssembler"/>), so no conditional jump exceeds 255.
/// </summary>
internal static class SeccompCompiler
{
    public static SockFilter[] Compile(SeccompSpec spec)
    {
        uint defaultAction = SeccompAction.Parse(spec.DefaultAction, spec.DefaultErrnoRet, "defaultAction");
        SeccompFlags.Parse(spec.Flags); // reject bad flags before anything is loaded
        var policies = SyscallAbi.FromArchitectures(spec.Architectures).Select(abi => new AbiPolicy(abi)).ToList();

        var syscalls = spec.Syscalls ?? [];
        for (int i = 0; i < syscalls.Count; i++)
        {
            var syscall = syscalls[i];
            string where = $"syscalls[{i}] ({string.Join(", ", syscall.Names.Take(3))}{(syscall.Names.Count > 3 ? ", ..." : "")})";
            uint action = SeccompAction.Parse(syscall.Action, syscall.ErrnoRet, where);
            var rules = Rules(syscall.Args, action, where);
            foreach (string name in syscall.Names)
            {
                if (string.IsNullOrEmpty(name)) throw WharfException.Invalid($"seccomp: {where}: empty syscall name");
                foreach (var policy in policies)
                    foreach (var rule in rules)
                        policy.Add(name, rule, isDefault: action == defaultAction);
            }
        }

        var program = Emit(policies, defaultAction);
        if (program.Length > SeccompFilter.MaxInstructions)
            throw WharfException.Invalid(
                $"seccomp: the profile compiles to {program.Length} BPF instructions, over the kernel's limit of {SeccompFilter.MaxInstructions}");
        return program;
    }

    /// <summary>The flags argument for <see cref="SeccompFilter.Load"/>.</summary>
    public static uint LoadFlags(SeccompSpec spec) => SeccompFlags.Parse(spec.Flags);

    /// <summary>
    /// One rule ANDing the argument tests, except that runc (to match older libseccomp) turns
    /// tests of the same argument index into separate rules, any of which may match.
    /// </summary>
    private static List<SyscallRule> Rules(List<SeccompArg>? args, uint action, string where)
    {
        var comparisons = (args ?? []).Select(arg => ArgComparison.Parse(arg, where)).ToList();
        bool repeatsIndex = comparisons.GroupBy(c => c.Index).Any(g => g.Count() > 1);
        return repeatsIndex
            ? comparisons.Select(c => new SyscallRule([c], action)).ToList()
            : [new SyscallRule(comparisons, action)];
    }

    private static SockFilter[] Emit(List<AbiPolicy> policies, uint defaultAction)
    {
        var asm = new BpfAssembler();
        var x86_64 = policies.Single(p => p.Abi == SyscallAbi.X86_64);
        var x32 = policies.SingleOrDefault(p => p.Abi == SyscallAbi.X32);
        var i386 = policies.SingleOrDefault(p => p.Abi == SyscallAbi.I386);

        var notX86_64 = asm.NewLabel();
        asm.Load(SeccompData.Arch);
        asm.Jump(BpfCondition.Equal, SyscallAbi.AuditArchX86_64, null, notX86_64);
        asm.Load(SeccompData.Nr);
        if (x32 is null)
        {
            // An x32 call when x32 is not allowed: libseccomp's bad-architecture answer.
            var native = asm.NewLabel();
            asm.Jump(BpfCondition.GreaterOrEqual, SyscallAbi.X32SyscallBit, null, native);
            asm.Return(SeccompReturn.KillProcess);
            asm.Mark(native);
            EmitSearch(asm, x86_64, defaultAction);
        }
        else
        {
            var x32Search = asm.NewLabel();
            asm.Jump(BpfCondition.GreaterOrEqual, SyscallAbi.X32SyscallBit, x32Search, null);
            EmitSearch(asm, x86_64, defaultAction);
            asm.Mark(x32Search);
            EmitSearch(asm, x32, defaultAction);
        }

        asm.Mark(notX86_64);
        if (i386 is not null)
        {
            var isI386 = asm.NewLabel();
            asm.Jump(BpfCondition.Equal, SyscallAbi.AuditArchI386, isI386, null);
            asm.Return(SeccompReturn.KillProcess);
            asm.Mark(isI386);
            asm.Load(SeccompData.Nr);
            EmitSearch(asm, i386, defaultAction);
        }
        else
        {
            asm.Return(SeccompReturn.KillProcess);
        }
        return asm.Assemble();
    }

    /// <summary>Binary search over the ranges with the syscall number in A.</summary>
    private static void EmitSearch(BpfAssembler asm, AbiPolicy policy, uint defaultAction)
    {
        var ranges = policy.Ranges(defaultAction);
        Search(0, ranges.Count - 1);

        void Search(int first, int last)
        {
            if (first == last)
            {
                ranges[first].Outcome.Emit(asm, policy.Abi.Is64Bit);
                return;
            }
            int middle = (first + last + 1) / 2;
            var upper = asm.NewLabel();
            asm.Jump(BpfCondition.GreaterOrEqual, ranges[middle].First, upper, null);
            Search(first, middle - 1);
            asm.Mark(upper);
            Search(middle, last);
        }
    }
}
