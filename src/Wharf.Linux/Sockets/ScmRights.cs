using System.Runtime.InteropServices;
using Wharf.Linux.Interop;

namespace Wharf.Linux.Sockets;

/// <summary>Passes one file descriptor over a Unix socket (SCM_RIGHTS), as runc's console socket does.</summary>
public static unsafe class ScmRights
{
    // CMSG_SPACE(sizeof(int)) on 64-bit: 16-byte header + 4, aligned to 8.
    private const int ControlSpace = 24;

    public static void Send(int socket, int fd, ReadOnlySpan<byte> payload)
    {
        byte* control = stackalloc byte[ControlSpace];
        new Span<byte>(control, ControlSpace).Clear();
        var header = (Libc.CmsgHdr*)control;
        header->Length = (nuint)(sizeof(Libc.CmsgHdr) + sizeof(int));
        header->Level = Libc.SOL_SOCKET;
        header->Type = Libc.SCM_RIGHTS;
        *(int*)(control + sizeof(Libc.CmsgHdr)) = fd;

        // At least one byte of data must travel with the descriptor.
        byte filler = 0;
        fixed (byte* data = payload)
        {
            var iov = new Libc.IoVec { Base = payload.IsEmpty ? &filler : data, Length = (nuint)Math.Max(1, payload.Length) };
            var message = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSpace };
            while (Libc.Sendmsg(socket, &message, 0) < 0)
            {
                if (Marshal.GetLastPInvokeError() != Errno.EINTR) throw LinuxException.FromLastError("sendmsg");
            }
        }
    }

    /// <summary>Receives one descriptor (made close-on-exec); returns -1 if the peer sent none.</summary>
    public static int Receive(int socket, Span<byte> payload, out int payloadLength)
    {
        byte* control = stackalloc byte[ControlSpace];
        new Span<byte>(control, ControlSpace).Clear();
        byte filler;
        fixed (byte* data = payload)
        {
            var iov = new Libc.IoVec { Base = payload.IsEmpty ? &filler : data, Length = (nuint)Math.Max(1, payload.Length) };
            var message = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSpace };
            nint n;
            while ((n = Libc.Recvmsg(socket, &message, 0x40000000 /* MSG_CMSG_CLOEXEC */)) < 0)
            {
                if (Marshal.GetLastPInvokeError() != Errno.EINTR) throw LinuxException.FromLastError("recvmsg");
            }
            payloadLength = payload.IsEmpty ? 0 : (int)n;
            var header = (Libc.CmsgHdr*)control;
            if (message.ControlLength < (nuint)sizeof(Libc.CmsgHdr) || header->Level != Libc.SOL_SOCKET || header->Type != Libc.SCM_RIGHTS)
                return -1;
            return *(int*)(control + sizeof(Libc.CmsgHdr));
        }
    }

    /// <summary>Connects to a Unix socket path and returns the descriptor.</summary>
    public static int Connect(string path)
    {
        int fd = Libc.Check(Libc.Socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0), "socket");
        byte[] address = new byte[110];
        address[0] = Libc.AF_UNIX;
        int length = System.Text.Encoding.UTF8.GetBytes(path, address.AsSpan(2, 107));
        fixed (byte* a = address)
        {
            if (Libc.Connect(fd, a, (uint)(2 + length + 1)) < 0)
            {
                var error = LinuxException.FromLastError("connect", path);
                Libc.Close(fd);
                throw error;
            }
        }
        return fd;
    }
}
