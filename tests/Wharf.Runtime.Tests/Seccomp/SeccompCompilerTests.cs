using Wharf.Core;
using Wharf.Core.Oci;
using Wharf.Linux.Seccomp;
using Wharf.Runtime.Seccomp;
using static Wharf.Runtime.Tests.Seccomp.SyscallInput;

namespace Wharf.Runtime.Tests.Seccomp;

public sealed class SeccompCompilerTests
{
    private const uint Allow = 0x7fff_0000;
    private const uint KillProcess = 0x8000_0000;
    private const uint KillThread = 0;
    private const uint Trap = 0x0003_0000;
    private const uint Log = 0x7ffc_0000;
    private static uint Errno(uint errno) => 0x0005_0000 | errno;
    private static uint Trace(uint data) => 0x7ff0_0000 | data;

    // x86_64 numbers
    private const uint Read = 0, Write = 1, Clone = 56, Personality = 135, Getppid = 110, Mount = 165, ExitGroup = 231;
    // i386 numbers
    private const uint I386Getppid = 64, I386Personality = 136;
    // x32 numbers (without the x32 bit)
    private const uint X32Read = 0, X32Execve = 520;

    private static readonly List<string> AllX86 = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"];

    private static SeccompSyscall Rule(string action, params string[] names) => new() { Names = [.. names], Action = action };

    private static SeccompSyscall Rule(string action, string name, params SeccompArg[] args) =>
        new() { Names = [name], Action = action, Args = [.. args] };

    private static SeccompArg Arg(uint index, string op, ulong value, ulong valueTwo = 0) =>
        new() { Index = index, Op = op, Value = value, ValueTwo = valueTwo };

    private static SockFilter[] Compile(string defaultAction, params SeccompSyscall[] syscalls) =>
        SeccompCompiler.Compile(new SeccompSpec { DefaultAction = defaultAction, Architectures = AllX86, Syscalls = [.. syscalls] });

    [Fact]
    public void Allowlist_allows_listed_syscalls_and_answers_EPERM_for_the_rest()
    {
        var program = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read", "write", "exit_group", "getppid"));

        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Read)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Write)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(ExitGroup)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Getppid)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Mount)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(2)));
    }

    [Fact]
    public void DefaultErrnoRet_and_errnoRet_set_the_errno()
    {
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            DefaultErrnoRet = 13,
            Syscalls = [Rule("SCMP_ACT_ALLOW", "read"), new() { Names = ["mount"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 38 }],
        });

        Assert.Equal(Errno(13), BpfInterpreter.Run(program, X86_64(Getppid)));
        Assert.Equal(Errno(38), BpfInterpreter.Run(program, X86_64(Mount)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Read)));
    }

    [Theory]
    [InlineData("SCMP_ACT_KILL", KillThread)]
    [InlineData("SCMP_ACT_KILL_THREAD", KillThread)]
    [InlineData("SCMP_ACT_KILL_PROCESS", KillProcess)]
    [InlineData("SCMP_ACT_TRAP", Trap)]
    [InlineData("SCMP_ACT_ERRNO", 0x0005_0001u)]
    [InlineData("SCMP_ACT_TRACE", 0x7ff0_0001u)]
    [InlineData("SCMP_ACT_LOG", Log)]
    [InlineData("SCMP_ACT_ALLOW", Allow)]
    public void Each_action_returns_its_seccomp_value(string action, uint expected)
    {
        string other = action == "SCMP_ACT_ALLOW" ? "SCMP_ACT_LOG" : "SCMP_ACT_ALLOW";
        var program = Compile(other, Rule(action, "mount"));

        Assert.Equal(expected, BpfInterpreter.Run(program, X86_64(Mount)));
        Assert.Equal(action == "SCMP_ACT_ALLOW" ? Log : Allow, BpfInterpreter.Run(program, X86_64(Read)));
    }

    [Fact]
    public void Trace_carries_errnoRet_as_its_message()
    {
        var program = Compile("SCMP_ACT_ALLOW", new SeccompSyscall { Names = ["mount"], Action = "SCMP_ACT_TRACE", ErrnoRet = 7 });

        Assert.Equal(Trace(7), BpfInterpreter.Run(program, X86_64(Mount)));
    }

    [Fact]
    public void Equal_rules_allow_only_the_listed_values()
    {
        var program = Compile("SCMP_ACT_ERRNO",
            Rule("SCMP_ACT_ALLOW", "personality", Arg(0, "SCMP_CMP_EQ", 0)),
            Rule("SCMP_ACT_ALLOW", "personality", Arg(0, "SCMP_CMP_EQ", 8)),
            Rule("SCMP_ACT_ALLOW", "personality", Arg(0, "SCMP_CMP_EQ", 0xffff_ffff)));

        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Personality, 0)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Personality, 8)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Personality, 0xffff_ffff)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Personality, 9)));
        // The high word counts on x86_64...
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Personality, 0x1_0000_0008)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Personality, 0xffff_ffff_ffff_ffff)));
        // ...and not on i386, where only the low word is compared (as libseccomp).
        Assert.Equal(Allow, BpfInterpreter.Run(program, I386(I386Personality, 0x1_0000_0008)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, I386(I386Personality, 9)));
    }

    [Fact]
    public void Masked_equal_checks_only_the_masked_bits()
    {
        // Docker's clone rule: no namespace flag may be set.
        const ulong namespaceFlags = 2114060288;
        var program = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "clone", Arg(0, "SCMP_CMP_MASKED_EQ", namespaceFlags, 0)));

        const ulong threadFlags = 0x3d0f00; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Clone, threadFlags)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Clone, 17))); // SIGCHLD: fork
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Clone, 17 | 0x1000_0000))); // CLONE_NEWUSER
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Clone, 0x2_0000))); // CLONE_NEWNS
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Clone, 0xff00_0000_0000_0011))); // high bits outside the mask
    }

    [Fact]
    public void Masked_equal_compares_the_high_word_when_the_mask_reaches_it()
    {
        var program = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "mount", Arg(3, "SCMP_CMP_MASKED_EQ", 0xff00_0000_0000_00ff, 0x1200_0000_0000_0034)));

        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Mount, 0, 0, 0, 0x1255_5555_5555_5534)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Mount, 0, 0, 0, 0x1355_5555_5555_5534)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Mount, 0, 0, 0, 0x1255_5555_5555_5535)));
    }

    [Theory]
    [InlineData("SCMP_CMP_NE")]
    [InlineData("SCMP_CMP_LT")]
    [InlineData("SCMP_CMP_LE")]
    [InlineData("SCMP_CMP_EQ")]
    [InlineData("SCMP_CMP_GE")]
    [InlineData("SCMP_CMP_GT")]
    public void Comparisons_use_all_64_bits_on_x86_64_and_the_low_word_on_i386(string op)
    {
        ulong[] values = [0, 5, 0xffff_ffff, 0x1_0000_0000, 0x1_0000_0005, 0xffff_ffff_ffff_ffff];
        ulong[] deltas = [0, 1, 0xffff_ffff, 0x1_0000_0000, 0x1_0000_0001];
        foreach (ulong value in values)
        {
            var program = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "mount", Arg(2, op, value)));
            foreach (ulong arg in deltas.SelectMany(d => new[] { value + d, value - d }))
            {
                Assert.True((Holds(op, arg, value) ? Allow : Errno(1)) == BpfInterpreter.Run(program, X86_64(Mount, 0, 0, arg)), $"x86_64: {arg:x} {op} {value:x}");
                Assert.True((Holds(op, (uint)arg, (uint)value) ? Allow : Errno(1)) == BpfInterpreter.Run(program, I386(21 /* mount */, 0, 0, arg)), $"i386: {arg:x} {op} {value:x}");
            }
        }

        static bool Holds(string op, ulong arg, ulong value) => op switch
        {
            "SCMP_CMP_NE" => arg != value,
            "SCMP_CMP_LT" => arg < value,
            "SCMP_CMP_LE" => arg <= value,
            "SCMP_CMP_EQ" => arg == value,
            "SCMP_CMP_GE" => arg >= value,
            _ => arg > value,
        };
    }

    [Fact]
    public void Arguments_of_one_rule_must_all_match()
    {
        var program = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "mount", Arg(0, "SCMP_CMP_EQ", 1), Arg(1, "SCMP_CMP_GT", 10)));

        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Mount, 1, 11)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Mount, 1, 10)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(Mount, 2, 11)));
    }

    [Fact]
    public void Tests_of_one_argument_index_repeated_in_a_rule_become_alternatives_as_in_runc()
    {
        var program = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "socket", Arg(0, "SCMP_CMP_EQ", 1), Arg(0, "SCMP_CMP_EQ", 2)));

        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(41, 1)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(41, 2)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(program, X86_64(41, 3)));
    }

    [Fact]
    public void Rules_for_one_syscall_are_tried_in_order()
    {
        var program = Compile("SCMP_ACT_ERRNO",
            new SeccompSyscall { Names = ["mount"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 5, Args = [Arg(0, "SCMP_CMP_EQ", 1)] },
            Rule("SCMP_ACT_ALLOW", "mount", Arg(0, "SCMP_CMP_GT", 0)),
            Rule("SCMP_ACT_LOG", "mount"),
            Rule("SCMP_ACT_KILL", "mount")); // after an unconditional rule: never reached

        Assert.Equal(Errno(5), BpfInterpreter.Run(program, X86_64(Mount, 1)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Mount, 2)));
        Assert.Equal(Log, BpfInterpreter.Run(program, X86_64(Mount, 0)));
    }

    [Fact]
    public void Rules_with_the_default_action_are_dropped_but_still_count_for_the_ENOSYS_stub()
    {
        var withArgs = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read"), Rule("SCMP_ACT_ERRNO", "mount", Arg(0, "SCMP_CMP_EQ", 1)));
        var plain = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read"), Rule("SCMP_ACT_ERRNO", "mount"));

        Assert.Equal(plain, withArgs);
        Assert.Equal(Errno(1), BpfInterpreter.Run(withArgs, X86_64(Mount, 1)));
        Assert.Equal(Errno(38), BpfInterpreter.Run(withArgs, X86_64(Mount + 1)));
    }

    [Fact]
    public void I386_calls_use_the_i386_table_when_listed_and_are_killed_otherwise()
    {
        var listed = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "getppid"));
        var unlisted = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Architectures = ["SCMP_ARCH_X86_64"],
            Syscalls = [Rule("SCMP_ACT_ALLOW", "getppid")],
        });

        Assert.Equal(Allow, BpfInterpreter.Run(listed, I386(I386Getppid)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(listed, I386(I386Getppid - 1))); // dup2 on i386
        Assert.Equal(Errno(38), BpfInterpreter.Run(listed, I386(Getppid))); // above all the profile names on i386
        Assert.Equal(KillProcess, BpfInterpreter.Run(unlisted, I386(I386Getppid)));
        Assert.Equal(Allow, BpfInterpreter.Run(unlisted, X86_64(Getppid)));
    }

    [Fact]
    public void X32_calls_use_the_x32_table_when_listed_and_are_killed_otherwise()
    {
        var listed = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read", "execve"));
        var unlisted = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
            Syscalls = [Rule("SCMP_ACT_ALLOW", "read", "execve")],
        });

        Assert.Equal(Allow, BpfInterpreter.Run(listed, X32(X32Read)));
        Assert.Equal(Allow, BpfInterpreter.Run(listed, X32(X32Execve)));
        Assert.Equal(Errno(1), BpfInterpreter.Run(listed, X32(59))); // x86_64's execve number is not x32's
        Assert.Equal(KillProcess, BpfInterpreter.Run(unlisted, X32(X32Read)));
        Assert.Equal(KillProcess, BpfInterpreter.Run(unlisted, X86_64(0xffff_ffff)));
        Assert.Equal(Allow, BpfInterpreter.Run(unlisted, X86_64(Read)));
    }

    [Fact]
    public void Architectures_outside_the_filter_are_killed()
    {
        var program = Compile("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "mount"));

        Assert.Equal(KillProcess, BpfInterpreter.Run(program, new SyscallInput(AuditArchAarch64, Read, [])));
        Assert.Equal(KillProcess, BpfInterpreter.Run(program, new SyscallInput(0, Read, [])));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Read)));
    }

    [Fact]
    public void Syscalls_newer_than_the_profile_answer_ENOSYS_unless_the_default_allows()
    {
        var denying = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read", "getppid"));
        var allowing = Compile("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "read", "getppid"));

        Assert.Equal(Errno(1), BpfInterpreter.Run(denying, X86_64(Getppid - 1)));
        Assert.Equal(Errno(38), BpfInterpreter.Run(denying, X86_64(Getppid + 1)));
        Assert.Equal(Errno(38), BpfInterpreter.Run(denying, X86_64(0x3fff_ffff)));
        Assert.Equal(Errno(38), BpfInterpreter.Run(denying, X32(1000)));
        Assert.Equal(Errno(38), BpfInterpreter.Run(denying, I386(1000)));
        Assert.Equal(Allow, BpfInterpreter.Run(allowing, X86_64(1000)));
    }

    [Fact]
    public void Unknown_syscall_names_are_skipped()
    {
        var program = Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "no_such_syscall", "read", "arch_prctl"));

        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Read)));
        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(158))); // arch_prctl: x86_64 only
        Assert.Equal(Allow, BpfInterpreter.Run(program, I386(3))); // read on i386
    }

    [Fact]
    public void An_empty_profile_applies_the_default_action_everywhere()
    {
        var program = SeccompCompiler.Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_ALLOW" });

        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Mount)));
        Assert.Equal(KillProcess, BpfInterpreter.Run(program, I386(3)));
    }

    [Theory]
    [InlineData("SCMP_ACT_BOGUS", "SCMP_CMP_EQ", "SCMP_ARCH_X86_64", "unknown action \"SCMP_ACT_BOGUS\"")]
    [InlineData("SCMP_ACT_NOTIFY", "SCMP_CMP_EQ", "SCMP_ARCH_X86_64", "SCMP_ACT_NOTIFY is not supported")]
    [InlineData("SCMP_ACT_ALLOW", "SCMP_CMP_ABOUT", "SCMP_ARCH_X86_64", "unknown operator \"SCMP_CMP_ABOUT\"")]
    [InlineData("SCMP_ACT_ALLOW", "SCMP_CMP_EQ", "SCMP_ARCH_Z80", "unknown architecture \"SCMP_ARCH_Z80\"")]
    public void Bad_names_are_invalid_arguments_that_say_what_is_wrong(string action, string op, string arch, string message)
    {
        var spec = new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Architectures = [arch],
            Syscalls = [Rule(action, "mount", Arg(0, op, 1))],
        };

        var error = Assert.Throws<WharfException>(() => SeccompCompiler.Compile(spec));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(message, error.Message);
        Assert.StartsWith("seccomp: ", error.Message);
    }

    [Fact]
    public void Other_bad_profiles_are_rejected()
    {
        Assert.Throws<WharfException>(() => SeccompCompiler.Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_NOTIFY" }));
        Assert.Throws<WharfException>(() => SeccompCompiler.Compile(new SeccompSpec { DefaultAction = "" }));
        Assert.Contains("index 6", Assert.Throws<WharfException>(() => Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "mount", Arg(6, "SCMP_CMP_EQ", 1)))).Message);
        Assert.Throws<WharfException>(() => Compile("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "")));
        Assert.Throws<WharfException>(() => SeccompCompiler.Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_ERRNO", DefaultErrnoRet = 70000 }));
        Assert.Throws<WharfException>(() => SeccompCompiler.Compile(new SeccompSpec { DefaultAction = "SCMP_ACT_ALLOW", Flags = ["SECCOMP_FILTER_FLAG_BOGUS"] }));
    }

    [Fact]
    public void Foreign_architectures_runc_knows_are_accepted_and_ignored()
    {
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ERRNO",
            Architectures = ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"],
            Syscalls = [Rule("SCMP_ACT_ALLOW", "read")],
        });

        Assert.Equal(Allow, BpfInterpreter.Run(program, X86_64(Read)));
        Assert.Equal(KillProcess, BpfInterpreter.Run(program, new SyscallInput(AuditArchAarch64, 63, [])));
    }

    [Fact]
    public void Flags_become_the_seccomp_flags_argument()
    {
        var spec = new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Flags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],
        };

        Assert.Equal(7u, SeccompCompiler.LoadFlags(spec));
        Assert.Equal(0u, SeccompCompiler.LoadFlags(new SeccompSpec { DefaultAction = "SCMP_ACT_ALLOW" }));
        Assert.Throws<WharfException>(() => SeccompCompiler.LoadFlags(new SeccompSpec { DefaultAction = "SCMP_ACT_ALLOW", Flags = ["TSYNC"] }));
    }
}
