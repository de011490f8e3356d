using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Runtime.Seccomp;

/// <summary>The comparison operators of libseccomp (SCMP_CMP_*).</summary>
internal enum ArgOperator
{
    NotEqual,
    Less,
    LessOrEqual,
    Equal,
    GreaterOrEqual,
    Greater,
    MaskedEqual,
}

/// <summary>
/// One argument test of a rule, e.g. args[0] == 8. For SCMP_CMP_MASKED_EQ, Value is the mask
/// and ValueTwo the value the masked argument must equal (libseccomp's datum_a and datum_b).
/// </summary>
internal sealed record ArgComparison(uint Index, ArgOperator Operator, ulong Value, ulong ValueTwo)
{
    public static ArgComparison Parse(SeccompArg arg, string where)
    {
        if (arg.Index >= SeccompData.MaxArgs)
            throw WharfException.Invalid($"seccomp: {where}: argument index {arg.Index} is out of range (0-5)");
        var op = arg.Op switch
        {
            "SCMP_CMP_NE" => ArgOperator.NotEqual,
            "SCMP_CMP_LT" => ArgOperator.Less,
            "SCMP_CMP_LE" => ArgOperator.LessOrEqual,
            "SCMP_CMP_EQ" => ArgOperator.Equal,
            "SCMP_CMP_GE" => ArgOperator.GreaterOrEqual,
            "SCMP_CMP_GT" => ArgOperator.Greater,
            "SCMP_CMP_MASKED_EQ" => ArgOperator.MaskedEqual,
            _ => throw WharfException.Invalid($"seccomp: {where}: unknown operator \"{arg.Op}\""),
        };
        return new ArgComparison(arg.Index, op, arg.Value, arg.ValueTwo);
    }

    /// <summary>
    /// Emits the test: falls through when it holds, jumps to <paramref name="fail"/> when not.
    /// 64-bit ABIs compare the high word first and the low word only when the high words are
    /// equal; 32-bit ABIs compare the low word alone (as libseccomp).
    /// </summary>
    public void Emit(BpfAssembler asm, bool is64Bit, BpfLabel fail)
    {
        uint low = SeccompData.ArgLow(Index), high = SeccompData.ArgHigh(Index);
        uint valueLow = (uint)Value, valueHigh = (uint)(Value >> 32);

        if (Operator == ArgOperator.MaskedEqual)
        {
            uint maskLow = (uint)Value, maskHigh = (uint)(Value >> 32);
            uint wantLow = (uint)ValueTwo, wantHigh = (uint)(ValueTwo >> 32);
            if (is64Bit && (maskHigh != 0 || wantHigh != 0)) EmitMasked(high, maskHigh, wantHigh);
            EmitMasked(low, maskLow, wantLow);
            return;
        }

        if (!is64Bit)
        {
            asm.Load(low);
            EmitFinal(valueLow, pass: null);
            return;
        }

        var pass = asm.NewLabel();
        asm.Load(high);
        switch (Operator)
        {
            case ArgOperator.Equal:
                asm.Jump(BpfCondition.Equal, valueHigh, null, fail);
                break;
            case ArgOperator.NotEqual:
                asm.Jump(BpfCondition.Equal, valueHigh, null, pass);
                break;
            case ArgOperator.Greater or ArgOperator.GreaterOrEqual:
                asm.Jump(BpfCondition.Greater, valueHigh, pass, null);
                asm.Jump(BpfCondition.Equal, valueHigh, null, fail);
                break;
            case ArgOperator.Less or ArgOperator.LessOrEqual:
                asm.Jump(BpfCondition.Greater, valueHigh, fail, null);
                asm.Jump(BpfCondition.Equal, valueHigh, null, pass);
                break;
        }
        asm.Load(low);
        EmitFinal(valueLow, pass);
        asm.Mark(pass);

        void EmitMasked(uint offset, uint mask, uint want)
        {
            asm.Load(offset);
            if (mask != uint.MaxValue) asm.And(mask);
            asm.Jump(BpfCondition.Equal, want, null, fail);
        }

        // The decisive comparison on the word in A; `pass` (or the next instruction) when it holds.
        void EmitFinal(uint value, BpfLabel? pass)
        {
            switch (Operator)
            {
                case ArgOperator.Equal: asm.Jump(BpfCondition.Equal, value, pass, fail); break;
                case ArgOperator.NotEqual: asm.Jump(BpfCondition.Equal, value, fail, pass); break;
                case ArgOperator.Greater: asm.Jump(BpfCondition.Greater, value, pass, fail); break;
                case ArgOperator.GreaterOrEqual: asm.Jump(BpfCondition.GreaterOrEqual, value, pass, fail); break;
                case ArgOperator.Less: asm.Jump(BpfCondition.GreaterOrEqual, value, fail, pass); break;
                case ArgOperator.LessOrEqual: asm.Jump(BpfCondition.Greater, value, fail, pass); break;
            }
        }
    }
}
