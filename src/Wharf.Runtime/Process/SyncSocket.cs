using System.Buffers.Binary;
using Wharf.Linux.Interop;

namespace Wharf.Runtime.Process;

/// <summary>
/// One end of the socketpair between the runtime and its init stage: length-prefixed frames
/// (encoded by <see cref="InitMessageCodec"/>). The init's end is close-on-exec, so end of file tells the runtime that execve
/// succeeded (or that the init died).
/// </summary>
public sealed unsafe class SyncSocket(int fd) : IDisposable
{
    private const int MaxMessage = 16 << 20;

    public int Fd { get; private set; } = fd;

    /// <summary>Makes the pair; the child end is inheritable so posix_spawn can pass it on.</summary>
    public static (SyncSocket Parent, SyncSocket Child) CreatePair()
    {
        int* fds = stackalloc int[2];
        Libc.Check(Libc.Socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, fds), "socketpair");
        return (new SyncSocket(fds[0]), new SyncSocket(fds[1]));
    }

    public void Send(InitRequest request) => SendFrame(InitMessageCodec.Encode(request));

    public void Send(InitReply reply) => SendFrame(InitMessageCodec.Encode(reply));

    /// <summary>The next request; null on end of file.</summary>
    public InitRequest? ReceiveRequest() => ReceiveFrame() is { } frame ? InitMessageCodec.DecodeRequest(frame) : null;

    /// <summary>The next reply; null on end of file.</summary>
    public InitReply? ReceiveReply() => ReceiveFrame() is { } frame ? InitMessageCodec.DecodeReply(frame) : null;

    private void SendFrame(byte[] body)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
        Libc.WriteAll(Fd, length);
        Libc.WriteAll(Fd, body);
    }

    private byte[]? ReceiveFrame()
    {
        Span<byte> length = stackalloc byte[4];
        if (!ReadExactly(length)) return null;
        int size = BinaryPrimitives.ReadInt32BigEndian(length);
        if (size is < 0 or > MaxMessage) throw new InvalidDataException($"sync message of {size} bytes");
        byte[] body = new byte[size];
        return ReadExactly(body) ? body : null;
    }

    private bool ReadExactly(Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = Libc.ReadSome(Fd, buffer[done..]);
            if (n == 0) return false;
            done += n;
        }
        return true;
    }

    public void Dispose()
    {
        if (Fd >= 0) Libc.Close(Fd);
        Fd = -1;
    }
}
