using System.Buffers.Binary;

namespace Wharf.Shim;

/// <summary>The streams of Docker's stdcopy framing (the first byte of each frame header).</summary>
public enum StdStream : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
    SystemErr = 3,
}

/// <summary>
/// Docker's stdcopy framing of a container's output without a tty: an 8-byte header
/// [stream, 0, 0, 0, uint32 big-endian length] before each payload. The shim frames attach and
/// exec streams this way, so the daemon can pass them to Docker clients unchanged. Only the writer
/// lives here (Shim depends on Core and Linux, not on Wharf.Api); the shim's tests read its frames
/// with Wharf.Api.Streams.StdFrameReader, the reader Docker clients' stdcopy matches.
/// </summary>
public static class StdCopy
{
    public const int HeaderSize = 8;

    public static void WriteHeader(Span<byte> header, StdStream stream, int length)
    {
        header[..4].Clear();
        header[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)length);
    }

    /// <summary>Header and payload in one array.</summary>
    public static byte[] Frame(StdStream stream, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[HeaderSize + payload.Length];
        WriteHeader(frame, stream, payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }
}
