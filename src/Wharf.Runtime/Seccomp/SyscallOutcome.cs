namespace Wharf.Runtime.Seccomp;

/// <summary>What the filter does for a syscall number once it has found it.</summary>
internal abstract record SyscallOutcome
{
    public abstract void Emit(BpfAssembler asm, bool is64Bit);
}

/// <summary>The same answer whatever the arguments: one `ret`.</summary>
internal sealed record FixedOutcome(uint Action) : SyscallOutcome
{
    public override void Emit(BpfAssembler asm, bool is64Bit) => asm.Return(Action);
}

/// <summary>Rules with argument tests, tried in profile order; the fallback when none matches.</summary>
internal sealed record RuleChainOutcome(IReadOnlyList<SyscallRule> Rules, uint Fallback) : SyscallOutcome
{
    public override void Emit(BpfAssembler asm, bool is64Bit)
    {
        foreach (var rule in Rules) rule.Emit(asm, is64Bit);
        asm.Return(Fallback);
    }
}
