namespace Wharf.Runtime.Seccomp;

/// <summary>The classic BPF opcode parts seccomp filters use (linux/bpf_common.h).</summary>
internal static class Bpf
{
    // instruction classes
    public const ushort LD = 0x00;
    public const ushort ALU = 0x04;
    public const ushort JMP = 0x05;
    public const ushort RET = 0x06;

    // load size and mode
    public const ushort W = 0x00;
    public const ushort ABS = 0x20;

    // ALU and jump operations
    public const ushort AND = 0x50;
    public const ushort JA = 0x00;
    public const ushort JEQ = 0x10;
    public const ushort JGT = 0x20;
    public const ushort JGE = 0x30;
    public const ushort JSET = 0x40;

    // operand source: the constant k
    public const ushort K = 0x00;
}

/// <summary>Offsets in struct seccomp_data, the input of a filter (little-endian x86).</summary>
internal static class SeccompData
{
    public const uint Nr = 0;
    public const uint Arch = 4;
    public const uint InstructionPointer = 8;
    public const int MaxArgs = 6;

    public static uint ArgLow(uint index) => 16 + 8 * index;
    public static uint ArgHigh(uint index) => 16 + 8 * index + 4;
}
