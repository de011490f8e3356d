using System.Runtime.CompilerServices;
using System.Text.Json;
using Wharf.Core.Oci;
using Wharf.Linux.Seccomp;
using Wharf.Runtime.Seccomp;
using Xunit.Abstractions;
using static Wharf.Runtime.Tests.Seccomp.SyscallInput;

namespace Wharf.Runtime.Tests.Seccomp;

/// <summary>
/// Docker's default profile (moby's profiles/seccomp/default.json) as dockerd hands it to the
/// runtime on x86_64 with Docker's default capabilities: Fixtures/docker-default-seccomp.json.
/// </summary>
public sealed class DockerDefaultProfileTests(ITestOutputHelper output)
{
    private const uint Allow = 0x7fff_0000;
    private const uint KillProcess = 0x8000_0000;
    private const uint Eperm = 0x0005_0001;
    private const uint Enosys = 0x0005_0026;

    public static SeccompSpec Load([CallerFilePath] string here = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", "docker-default-seccomp.json");
        return JsonSerializer.Deserialize(File.ReadAllText(path), OciJsonContext.Default.SeccompSpec)!;
    }

    private static readonly SockFilter[] Program = SeccompCompiler.Compile(Load());

    [Fact]
    public void Compiles_well_under_the_kernel_limit_with_jumps_inside_the_program()
    {
        BpfInterpreter.Check(Program);
        Assert.True(Program.Length < 4096);
        output.WriteLine($"Docker's default profile: {Program.Length} instructions");
        foreach (var (name, input) in new[] { ("read", X86_64(0)), ("futex", X86_64(202)), ("epoll_pwait2", X86_64(441)), ("i386 read", I386(3)), ("x32 read", X32(0)) })
        {
            BpfInterpreter.Run(Program, input, out int executed);
            output.WriteLine($"  {name}: {executed} instructions executed");
        }
        output.WriteLine(BpfInterpreter.Disassemble(Program));
    }

    [Fact]
    public void Every_x86_64_syscall_gets_the_answer_the_profile_gives_it()
    {
        var spec = Load();
        var allowed = spec.Syscalls!.Where(s => s.Action == "SCMP_ACT_ALLOW" && s.Args is null).SelectMany(s => s.Names).ToHashSet();
        var withArgs = spec.Syscalls!.Where(s => s.Args is not null).SelectMany(s => s.Names).ToHashSet();
        uint highest = SyscallTable.X86_64.Entries.Where(e => spec.Syscalls!.Any(s => s.Names.Contains(e.Name))).Max(e => e.Number);

        foreach (var (name, number) in SyscallTable.X86_64.Entries)
        {
            if (withArgs.Contains(name)) continue;
            uint expected = allowed.Contains(name) ? Allow : name == "clone3" ? Enosys : number > highest ? Enosys : Eperm;
            Assert.True(expected == BpfInterpreter.Run(Program, X86_64(number)), $"{name} ({number})");
        }
    }

    [Theory]
    [InlineData(0ul, Allow)]
    [InlineData(8ul, Allow)]
    [InlineData(0x20000ul, Allow)]
    [InlineData(0x20008ul, Allow)]
    [InlineData(0xfffffffful, Allow)] // the query personality(0xffffffff)
    [InlineData(0x400000ul, Eperm)] // ADDR_NO_RANDOMIZE
    [InlineData(0x1_0000_0000ul, Eperm)]
    public void Personality_allows_only_the_listed_personas(ulong persona, uint expected)
    {
        Assert.Equal(expected, BpfInterpreter.Run(Program, X86_64(135, persona)));
    }

    [Theory]
    [InlineData(0x3d0f00ul, Allow)] // pthread_create
    [InlineData(0x1200011ul, Allow)] // fork: CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD
    [InlineData(0x10000011ul, Eperm)] // CLONE_NEWUSER
    [InlineData(0x20000000ul, Eperm)] // CLONE_NEWPID
    [InlineData(0x40000000ul, Eperm)] // CLONE_NEWNET
    public void Clone_is_allowed_without_namespace_flags(ulong flags, uint expected)
    {
        Assert.Equal(expected, BpfInterpreter.Run(Program, X86_64(56, flags)));
    }

    [Theory]
    [InlineData(1ul, Allow)] // AF_UNIX
    [InlineData(2ul, Allow)] // AF_INET
    [InlineData(10ul, Allow)] // AF_INET6
    [InlineData(38ul, Eperm)] // AF_ALG
    [InlineData(39ul, Allow)]
    [InlineData(40ul, Eperm)] // AF_VSOCK
    [InlineData(44ul, Allow)] // AF_XDP
    public void Socket_denies_the_blocked_families(ulong family, uint expected)
    {
        Assert.Equal(expected, BpfInterpreter.Run(Program, X86_64(41, family)));
        Assert.Equal(expected, BpfInterpreter.Run(Program, I386(359, family)));
    }

    [Fact]
    public void Privileged_and_unknown_calls_are_refused()
    {
        Assert.Equal(Enosys, BpfInterpreter.Run(Program, X86_64(435))); // clone3: libc falls back to clone
        Assert.Equal(Eperm, BpfInterpreter.Run(Program, X86_64(165))); // mount
        Assert.Equal(Eperm, BpfInterpreter.Run(Program, X86_64(272))); // unshare
        Assert.Equal(Eperm, BpfInterpreter.Run(Program, X86_64(321))); // bpf
        Assert.Equal(Allow, BpfInterpreter.Run(Program, X86_64(161))); // chroot: CAP_SYS_CHROOT is a default capability
        Assert.Equal(Allow, BpfInterpreter.Run(Program, X86_64(452))); // fchmodat2
        Assert.Equal(Enosys, BpfInterpreter.Run(Program, X86_64(600))); // newer than the profile
        Assert.Equal(Allow, BpfInterpreter.Run(Program, I386(102))); // socketcall
        Assert.Equal(Allow, BpfInterpreter.Run(Program, X32(520))); // x32 execve
        Assert.Equal(KillProcess, BpfInterpreter.Run(Program, new SyscallInput(AuditArchAarch64, 63, [])));
    }
}
