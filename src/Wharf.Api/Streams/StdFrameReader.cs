using System.Buffers.Binary;
using System.Text;

namespace Wharf.Api.Streams;

/// <summary>One frame of a multiplexed stream; <see cref="Payload"/> is valid until the next read.</summary>
public readonly record struct StdFrame(StdStream Stream, ReadOnlyMemory<byte> Payload);

/// <summary>
/// Reads Docker's multiplexed stream frame by frame, as the CLI's stdcopy does: a frame on stream 3
/// stops the reader with "error from daemon in stream: PAYLOAD"; any other unknown stream byte is
/// "Unrecognized input header: N"; a truncated frame at the end of input is dropped silently.
/// </summary>
public sealed class StdFrameReader(Stream input, int maxFrameSize = StdFrameReader.DefaultMaxFrameSize)
{
    /// <summary>Frames larger than this are refused (a hostile peer could announce 4 GiB).</summary>
    public const int DefaultMaxFrameSize = 64 * 1024 * 1024;

    private readonly byte[] _header = new byte[StdFrameWriter.HeaderSize];
    private byte[] _payload = new byte[32 * 1024];

    /// <summary>The next frame, or null at the end of input. IOException for a system error or a bad header.</summary>
    public async ValueTask<StdFrame?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            int got = await input.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (got < _header.Length) return null;
            byte kind = _header[0];
            uint size = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
            if (kind > (byte)StdStream.SystemError) throw new IOException($"Unrecognized input header: {kind}");
            if (size > (uint)maxFrameSize) throw new IOException($"stream frame of {size} bytes exceeds the limit of {maxFrameSize}");
            if (size == 0) continue;
            if (_payload.Length < size) _payload = new byte[Math.Max(size, (uint)_payload.Length * 2)];
            got = await input.ReadAtLeastAsync(_payload.AsMemory(0, (int)size), (int)size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (got < size) return null;
            if (kind == (byte)StdStream.SystemError)
                throw new IOException($"error from daemon in stream: {Encoding.UTF8.GetString(_payload, 0, (int)size)}");
            return new StdFrame((StdStream)kind, _payload.AsMemory(0, (int)size));
        }
    }

    /// <summary>
    /// Copies every frame to <paramref name="stdout"/> (stdin and stdout frames) or
    /// <paramref name="stderr"/> until the end of input, as stdcopy.StdCopy does. Returns the bytes written.
    /// </summary>
    public static async Task<long> DemultiplexAsync(Stream input, Stream stdout, Stream stderr, CancellationToken cancellationToken = default)
    {
        var reader = new StdFrameReader(input);
        long written = 0;
        while (await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false) is { } frame)
        {
            var target = frame.Stream == StdStream.Stderr ? stderr : stdout;
            await target.WriteAsync(frame.Payload, cancellationToken).ConfigureAwait(false);
            written += frame.Payload.Length;
        }
        return written;
    }
}
