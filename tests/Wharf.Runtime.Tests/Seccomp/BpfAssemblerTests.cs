using System.Runtime.CompilerServices;
using Wharf.Linux.Seccomp;
using Wharf.Runtime.Seccomp;

namespace Wharf.Runtime.Tests.Seccomp;

public sealed class BpfAssemblerTests
{
    [Fact]
    public void SockFilter_has_the_kernel_layout()
    {
        Assert.Equal(8, Unsafe.SizeOf<SockFilter>());
        var insn = new SockFilter(0x1234, 5, 6, 0xdeadbeef);
        var bytes = new byte[8];
        Unsafe.WriteUnaligned(ref bytes[0], insn);
        Assert.Equal(new byte[] { 0x34, 0x12, 5, 6, 0xef, 0xbe, 0xad, 0xde }, bytes);
    }

    [Fact]
    public void Near_jumps_are_single_instructions()
    {
        var asm = new BpfAssembler();
        var yes = asm.NewLabel();
        asm.Load(0);
        asm.Jump(BpfCondition.Equal, 7, yes, null);
        asm.Return(1);
        asm.Mark(yes);
        asm.Return(2);

        var program = asm.Assemble();

        Assert.Equal(4, program.Length);
        Assert.Equal(new SockFilter(0x15, 1, 0, 7), program[1]);
        Assert.Equal(2u, BpfInterpreter.Run(program, SyscallInput.X86_64(7)));
        Assert.Equal(1u, BpfInterpreter.Run(program, SyscallInput.X86_64(8)));
    }

    [Theory]
    [InlineData(254, false)]
    [InlineData(255, false)]
    [InlineData(256, true)]
    [InlineData(1000, true)]
    public void Far_jumps_go_through_a_ja_trampoline(int distance, bool trampoline)
    {
        var asm = new BpfAssembler();
        var far = asm.NewLabel();
        asm.Load(0);
        asm.Jump(BpfCondition.GreaterOrEqual, 10, far, null);
        for (int i = 0; i < distance; i++) asm.Return(100);
        asm.Mark(far);
        asm.Return(1);

        var program = asm.Assemble();

        BpfInterpreter.Check(program);
        Assert.Equal(trampoline, program[2].Code == 0x05);
        Assert.Equal(trampoline ? 0 : distance, program[1].Jt);
        Assert.Equal(1u, BpfInterpreter.Run(program, SyscallInput.X86_64(10)));
        Assert.Equal(100u, BpfInterpreter.Run(program, SyscallInput.X86_64(9)));
    }

    [Fact]
    public void Both_branches_of_a_jump_can_be_far()
    {
        var asm = new BpfAssembler();
        var high = asm.NewLabel();
        var low = asm.NewLabel();
        asm.Load(0);
        asm.Jump(BpfCondition.GreaterOrEqual, 10, high, low);
        for (int i = 0; i < 300; i++) asm.Return(100);
        asm.Mark(high);
        asm.Return(1);
        for (int i = 0; i < 300; i++) asm.Return(100);
        asm.Mark(low);
        asm.Return(2);

        var program = asm.Assemble();

        BpfInterpreter.Check(program);
        Assert.Equal(0x05, program[2].Code);
        Assert.Equal(0x05, program[3].Code);
        Assert.Equal(1u, BpfInterpreter.Run(program, SyscallInput.X86_64(10)));
        Assert.Equal(2u, BpfInterpreter.Run(program, SyscallInput.X86_64(9)));
    }

    [Fact]
    public void Backward_and_dangling_labels_are_bugs()
    {
        var asm = new BpfAssembler();
        var back = asm.NewLabel();
        asm.Mark(back);
        asm.Load(0);
        asm.Jump(BpfCondition.Equal, 1, back, null);
        asm.Return(0);
        Assert.Throws<InvalidOperationException>(() => asm.Assemble());

        var dangling = new BpfAssembler();
        dangling.Goto(dangling.NewLabel());
        dangling.Return(0);
        Assert.Throws<InvalidOperationException>(() => dangling.Assemble());
    }
}
