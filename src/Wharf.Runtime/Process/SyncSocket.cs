using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Runtime.Process;

/// <summary>
/// One end of the socketpair between the runtime and its init stage: length-prefixed JSON
/// messages. The init's end is close-on-exec, so end of file tells the runtime that execve
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

    public void Send<T>(T message, JsonTypeInfo<T> type)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(message, type);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
        Libc.WriteAll(Fd, length);
        Libc.WriteAll(Fd, body);
    }

    /// <summary>Receives one message; null on end of file.</summary>
    public T? Receive<T>(JsonTypeInfo<T> type) where T : class
    {
        Span<byte> length = stackalloc byte[4];
        if (!ReadExactly(length)) return null;
        int size = BinaryPrimitives.ReadInt32BigEndian(length);
        if (size is < 0 or > MaxMessage) throw new InvalidDataException($"sync message of {size} bytes");
        byte[] body = new byte[size];
        if (!ReadExactly(body)) return null;
        return JsonSerializer.Deserialize(body, type);
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
