namespace Wharf.Runtime.Seccomp;

/// <summary>
/// One rule of the filter after parsing: when every comparison holds (none: always), return
/// <see cref="Action"/>.
/// </summary>
internal sealed record SyscallRule(IReadOnlyList<ArgComparison> Comparisons, uint Action)
{
    public bool IsUnconditional => Comparisons.Count == 0;

    /// <summary>Tests the comparisons in order; returns the action when all hold, falls through otherwise.</summary>
    public void Emit(BpfAssembler asm, bool is64Bit)
    {
        if (IsUnconditional)
        {
            asm.Return(Action);
            return;
        }
        var next = asm.NewLabel();
        foreach (var comparison in Comparisons) comparison.Emit(asm, is64Bit, next);
        asm.Return(Action);
        asm.Mark(next);
    }
}
