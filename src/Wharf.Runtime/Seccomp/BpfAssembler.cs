using Wharf.Linux.Seccomp;

namespace Wharf.Runtime.Seccomp;

/// <summary>A place in a program that jumps can target; only forward jumps exist in classic BPF.</summary>
internal readonly record struct BpfLabel(int Id);

/// <summary>The conditional jumps of classic BPF, all comparing the accumulator with a constant.</summary>
internal enum BpfCondition : ushort
{
    Equal = Bpf.JEQ,
    Greater = Bpf.JGT,
    GreaterOrEqual = Bpf.JGE,
    BitsSet = Bpf.JSET,
}

/// <summary>
/// Builds a classic BPF program with symbolic labels. Conditional jumps reach at most 255
/// instructions ahead, so one whose target is further is given a trampoline: an unconditional
/// `ja` (32-bit offset) right behind it. Widening a jump moves later code, so offsets are
/// recomputed until nothing else needs widening.
/// </summary>
internal sealed class BpfAssembler
{
    private const int NextInstruction = -1;

    private readonly List<Instruction> _instructions = [];
    private readonly List<int> _labels = []; // label id -> index of the instruction it marks

    public int Count => _instructions.Count;

    public BpfLabel NewLabel()
    {
        _labels.Add(-1);
        return new BpfLabel(_labels.Count - 1);
    }

    /// <summary>Points the label at the next instruction emitted.</summary>
    public void Mark(BpfLabel label)
    {
        if (_labels[label.Id] != -1) throw new InvalidOperationException($"BPF label {label.Id} is marked twice");
        _labels[label.Id] = _instructions.Count;
    }

    /// <summary>A = the 32-bit word at <paramref name="offset"/> of seccomp_data.</summary>
    public void Load(uint offset) => Add(Bpf.LD | Bpf.W | Bpf.ABS, offset);

    public void And(uint mask) => Add(Bpf.ALU | Bpf.AND | Bpf.K, mask);

    public void Return(uint value) => Add(Bpf.RET | Bpf.K, value);

    /// <summary>Jumps to <paramref name="whenTrue"/> or <paramref name="whenFalse"/>; null means the next instruction.</summary>
    public void Jump(BpfCondition condition, uint k, BpfLabel? whenTrue, BpfLabel? whenFalse) =>
        _instructions.Add(new Instruction((ushort)(Bpf.JMP | (ushort)condition | Bpf.K), k, whenTrue?.Id ?? NextInstruction, whenFalse?.Id ?? NextInstruction));

    public void Goto(BpfLabel target) =>
        _instructions.Add(new Instruction(Bpf.JMP | Bpf.JA, 0, target.Id, NextInstruction));

    public SockFilter[] Assemble()
    {
        int[] address = Layout();
        var program = new List<SockFilter>(address[^1]);
        for (int i = 0; i < _instructions.Count; i++)
        {
            var insn = _instructions[i];
            int from = address[i] + 1; // offsets count from the instruction after the jump
            if (insn.IsGoto)
            {
                program.Add(new SockFilter(insn.Code, 0, 0, (uint)(Target(insn.WhenTrue, i, address) - from)));
            }
            else if (insn.IsConditional)
            {
                int after = address[i + 1];
                int trampoline = from;
                byte jt = Offset(insn.WhenTrue, insn.LongTrue, ref trampoline);
                byte jf = Offset(insn.WhenFalse, insn.LongFalse, ref trampoline);
                program.Add(new SockFilter(insn.Code, jt, jf, insn.K));
                if (insn.LongTrue) program.Add(Ja(program.Count, Target(insn.WhenTrue, i, address)));
                if (insn.LongFalse) program.Add(Ja(program.Count, Target(insn.WhenFalse, i, address)));

                byte Offset(int label, bool isLong, ref int nextTrampoline) =>
                    label == NextInstruction ? (byte)(after - from)
                    : isLong ? (byte)(nextTrampoline++ - from)
                    : (byte)(Target(label, i, address) - from);
            }
            else
            {
                program.Add(new SockFilter(insn.Code, 0, 0, insn.K));
            }
        }
        return [.. program];
    }

    private static SockFilter Ja(int at, int target) => new(Bpf.JMP | Bpf.JA, 0, 0, (uint)(target - at - 1));

    /// <summary>Widens far jumps until the layout is stable; returns each instruction's address (plus the end).</summary>
    private int[] Layout()
    {
        var address = new int[_instructions.Count + 1];
        bool widened = true;
        while (widened)
        {
            for (int i = 0, at = 0; i <= _instructions.Count; i++)
            {
                address[i] = at;
                if (i < _instructions.Count) at += _instructions[i].Size;
            }
            widened = false;
            for (int i = 0; i < _instructions.Count; i++)
            {
                var insn = _instructions[i];
                if (!insn.IsConditional) continue;
                if (!insn.LongTrue && insn.WhenTrue != NextInstruction && Target(insn.WhenTrue, i, address) - (address[i] + 1) > byte.MaxValue)
                {
                    _instructions[i] = insn = insn with { LongTrue = true };
                    widened = true;
                }
                if (!insn.LongFalse && insn.WhenFalse != NextInstruction && Target(insn.WhenFalse, i, address) - (address[i] + 1) > byte.MaxValue)
                {
                    _instructions[i] = insn with { LongFalse = true };
                    widened = true;
                }
            }
        }
        return address;
    }

    private int Target(int label, int from, int[] address)
    {
        int index = _labels[label];
        if (index == -1) throw new InvalidOperationException($"BPF label {label} is never marked");
        if (index <= from) throw new InvalidOperationException($"BPF label {label} is behind the jump at {from}");
        if (index >= _instructions.Count) throw new InvalidOperationException($"BPF label {label} marks the end of the program");
        return address[index];
    }

    private void Add(int code, uint k) => _instructions.Add(new Instruction((ushort)code, k, NextInstruction, NextInstruction));

    private readonly record struct Instruction(ushort Code, uint K, int WhenTrue, int WhenFalse)
    {
        public bool LongTrue { get; init; }
        public bool LongFalse { get; init; }
        public bool IsGoto => Code == (Bpf.JMP | Bpf.JA);
        public bool IsConditional => (Code & 0x07) == Bpf.JMP && !IsGoto;
        public int Size => 1 + (LongTrue ? 1 : 0) + (LongFalse ? 1 : 0);
    }
}
