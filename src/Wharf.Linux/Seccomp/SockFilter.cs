using System.Runtime.InteropServices;

namespace Wharf.Linux.Seccomp;

/// <summary>
/// One classic BPF instruction, laid out as the kernel's struct sock_filter (8 bytes):
/// opcode, jump offsets when true and when false (relative to the next instruction), constant.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct SockFilter(ushort Code, byte Jt, byte Jf, uint K);
