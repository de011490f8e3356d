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
        byte[] address = Address(path);
        fixed (byte* a = address)
        {
            if (Libc.Connect(fd, a, (uint)address.Length) < 0)
            {
                var error = LinuxException.FromLastError("connect", path);
                Libc.Close(fd);
                throw error;
            }
        }
        return fd;
    }

    /// <summary>Binds a listening Unix socket at <paramref name="path"/> (replacing a stale file).</summary>
    public static int Listen(string path, int backlog = 4)
    {
        byte[] address = Address(path);
        int fd = Libc.Check(Libc.Socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0), "socket");
        try
        {
            File.Delete(path);
            fixed (byte* a = address)
                Libc.Check(Libc.Bind(fd, a, (uint)address.Length), "bind", path);
            Libc.Check(Libc.Listen(fd, backlog), "listen", path);
            return fd;
        }
        catch
        {
            Libc.Close(fd);
            throw;
        }
    }

    /// <summary>Accepts one connection, waiting at most <paramref name="timeout"/>; -1 when none came.</summary>
    public static int Accept(int listener, TimeSpan timeout)
    {
        if (!WaitReadable(listener, timeout)) return -1;
        while (true)
        {
            int fd = Libc.Accept4(listener, null, null, Libc.SOCK_CLOEXEC);
            if (fd >= 0) return fd;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EINTR) continue;
            if (errno == Errno.EAGAIN) return -1;
            throw new LinuxException("accept4", null, errno);
        }
    }

    /// <summary>Waits (with poll, no busy loop) until <paramref name="fd"/> is readable or hung up.</summary>
    public static bool WaitReadable(int fd, TimeSpan timeout)
    {
        var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            int left = (int)Math.Max(0, deadline - Environment.TickCount64);
            int ready = Libc.Poll(&poll, 1, left);
            if (ready > 0) return true;
            if (ready == 0) return false;
            if (Marshal.GetLastPInvokeError() != Errno.EINTR) throw LinuxException.FromLastError("poll");
        }
    }

    /// <summary>sockaddr_un for <paramref name="path"/>; sun_path holds 107 bytes and a NUL.</summary>
    private static byte[] Address(string path)
    {
        int length = System.Text.Encoding.UTF8.GetByteCount(path);
        if (length > 107) throw new LinuxException("bind", path, 36 /* ENAMETOOLONG */);
        byte[] address = new byte[2 + length + 1];
        address[0] = Libc.AF_UNIX;
        System.Text.Encoding.UTF8.GetBytes(path, address.AsSpan(2));
        return address;
    }
}
