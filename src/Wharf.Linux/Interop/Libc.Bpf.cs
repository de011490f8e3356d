using System.Runtime.InteropServices;

namespace Wharf.Linux.Interop;

public static unsafe partial class Libc
{
    public const int BPF_PROG_LOAD = 5;
    public const int BPF_PROG_ATTACH = 8;
    public const uint BPF_PROG_TYPE_CGROUP_DEVICE = 15;
    public const uint BPF_CGROUP_DEVICE = 6;
    public const uint BPF_F_ALLOW_MULTI = 2;

    /// <summary>One eBPF instruction, the kernel's struct bpf_insn (registers packed in one byte).</summary>
    [StructLayout(LayoutKind.Sequential, Size = 8)]
    public readonly record struct BpfInstruction(byte Code, byte Registers, short Offset, int Immediate)
    {
        public static BpfInstruction Make(byte code, int dst, int src, short offset, int immediate) =>
            new(code, (byte)((src << 4) | (dst & 0xf)), offset, immediate);
    }

    /// <summary>bpf(BPF_PROG_LOAD): returns the program's descriptor; the verifier's log goes into the error.</summary>
    public static int BpfLoadProgram(uint type, ReadOnlySpan<BpfInstruction> program, string license)
    {
        byte[] licenseZ = Utf8Z(license);
        byte* log = stackalloc byte[4096];
        log[0] = 0;
        byte* attr = stackalloc byte[128];
        new Span<byte>(attr, 128).Clear();
        fixed (BpfInstruction* insns = program)
        fixed (byte* lic = licenseZ)
        {
            *(uint*)(attr + 0) = type;
            *(uint*)(attr + 4) = (uint)program.Length;
            *(ulong*)(attr + 8) = (ulong)insns;
            *(ulong*)(attr + 16) = (ulong)lic;
            *(uint*)(attr + 24) = 1; // log_level: explain a rejection
            *(uint*)(attr + 28) = 4096;
            *(ulong*)(attr + 32) = (ulong)log;
            int fd = (int)Syscall(321 /* bpf */, BPF_PROG_LOAD, (nint)attr, 128, 0, 0);
            if (fd >= 0) return fd;
            int errno = Marshal.GetLastPInvokeError();
            string verifier = Marshal.PtrToStringUTF8((nint)log) ?? "";
            throw new LinuxException(verifier.Length > 0 ? $"bpf(BPF_PROG_LOAD) [verifier: {verifier.Trim().Replace('\n', ';')}]" : "bpf(BPF_PROG_LOAD)", null, errno);
        }
    }

    /// <summary>bpf(BPF_PROG_ATTACH) of a program to a cgroup directory descriptor.</summary>
    public static void BpfAttach(int cgroupFd, int programFd, uint attachType, uint flags)
    {
        byte* attr = stackalloc byte[64];
        new Span<byte>(attr, 64).Clear();
        *(uint*)(attr + 0) = (uint)cgroupFd;
        *(uint*)(attr + 4) = (uint)programFd;
        *(uint*)(attr + 8) = attachType;
        *(uint*)(attr + 12) = flags;
        if (Syscall(321 /* bpf */, BPF_PROG_ATTACH, (nint)attr, 64, 0, 0) < 0)
            throw LinuxException.FromLastError("bpf(BPF_PROG_ATTACH)");
    }
}
