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
/// exec streams this way, so the daemon can pass them to Docker clients unchanged.
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

    /// <summary>
    /// Reads the next frame; null at a clean end of stream. A frame cut short, or one larger than
    /// <paramref name="maxPayload"/>, is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static async Task<(StdStream Stream, byte[] Payload)?> ReadFrameAsync(Stream source, CancellationToken ct, int maxPayload = 16 << 20)
    {
        byte[] header = new byte[HeaderSize];
        int got = await ReadFullAsync(source, header, ct).ConfigureAwait(false);
        if (got == 0) return null;
        if (got < HeaderSize) throw new InvalidDataException("stream ended inside a stdcopy header");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
        if (length > (uint)maxPayload) throw new InvalidDataException($"stdcopy frame of {length} bytes is over the {maxPayload}-byte limit");
        byte[] payload = new byte[length];
        if (await ReadFullAsync(source, payload, ct).ConfigureAwait(false) < length)
            throw new InvalidDataException("stream ended inside a stdcopy frame");
        return ((StdStream)header[0], payload);
    }

    private static async Task<int> ReadFullAsync(Stream source, Memory<byte> buffer, CancellationToken ct)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await source.ReadAsync(buffer[total..], ct).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
