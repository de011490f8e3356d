using Wharf.Core.Oci;
using Wharf.Runtime.Seccomp;
using static Wharf.Runtime.Tests.Seccomp.SyscallInput;

namespace Wharf.Runtime.Tests.Seccomp;

/// <summary>Profiles big enough that jumps cross the 255-instruction reach of classic BPF.</summary>
public sealed class LargeProfileTests
{
    private const uint Allow = 0x7fff_0000;

    [Fact]
    public void An_allowlist_of_every_other_syscall_stays_small_and_correct()
    {
        var entries = SyscallTable.X86_64.Entries;
        var names = entries.Where((_, i) => i % 2 == 0).Select(e => e.Name).ToList();
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
            Syscalls = [new() { Names = names, Action = "SCMP_ACT_ALLOW" }],
        });

        Assert.True(names.Count > 150);
        Assert.True(program.Length < 4096, $"{program.Length} instructions");
        BpfInterpreter.Check(program);
        uint highest = entries.Where(e => names.Contains(e.Name)).Max(e => e.Number);
        foreach (var (name, number) in entries)
        {
            uint expected = names.Contains(name) ? Allow : number > highest ? 0x0005_0026u : 0x0005_0001u;
            Assert.True(expected == BpfInterpreter.Run(program, X86_64(number)), name);
        }
    }

    [Fact]
    public void Argument_rules_on_about_350_syscalls_need_long_jumps_and_still_fit()
    {
        // Every syscall gets its own argument rule, so every range needs its own code and the
        // search's jumps reach far past 255 instructions.
        var entries = SyscallTable.X86_64.Entries.Take(350).ToList();
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Architectures = ["SCMP_ARCH_X86_64"],
            Syscalls = entries.Select(e => new SeccompSyscall
            {
                Names = [e.Name],
                Action = "SCMP_ACT_ALLOW",
                Args = [new() { Index = e.Number % 6, Op = "SCMP_CMP_EQ", Value = e.Number }],
            }).ToList(),
        });

        Assert.True(program.Length < 4096, $"{program.Length} instructions");
        BpfInterpreter.Check(program);
        Assert.Contains(program, insn => insn.Code == 0x05); // ja trampolines were needed
        foreach (var (name, number) in entries)
        {
            var args = new ulong[6];
            args[number % 6] = number;
            Assert.True(Allow == BpfInterpreter.Run(program, X86_64(number, args)), name);
            args[number % 6] = number + 1;
            Assert.True(0x0005_0001u == BpfInterpreter.Run(program, X86_64(number, args)), name);
        }
    }

    [Fact]
    public void A_profile_over_the_kernel_limit_is_refused_with_a_clear_error()
    {
        var entries = SyscallTable.X86_64.Entries;
        var syscalls = entries.Select(e => new SeccompSyscall
        {
            Names = [e.Name],
            Action = "SCMP_ACT_ALLOW",
            Args = [.. Enumerable.Range(0, 6).Select(i => new SeccompArg { Index = (uint)i, Op = "SCMP_CMP_GT", Value = 0x1_0000_0000 })],
        }).ToList();

        var error = Assert.Throws<Wharf.Core.WharfException>(() =>
            SeccompCompiler.Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_ERRNO", Syscalls = syscalls }));
        Assert.Contains("limit of 4096", error.Message);
    }
}
