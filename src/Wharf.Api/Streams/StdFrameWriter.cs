using System.Buffers;
using System.Buffers.Binary;

namespace Wharf.Api.Streams;

/// <summary>
/// Writes Docker's multiplexed stream (attach, exec and logs of a container without a TTY): each
/// frame is an 8-byte header <c>[stream, 0, 0, 0, size (uint32, big-endian)]</c> and the payload.
/// </summary>
public static class StdFrameWriter
{
    public const int HeaderSize = 8;

    /// <summary>Writes one frame (header and payload in one write, so concurrent frames never interleave mid-frame when callers serialise writes).</summary>
    public static async ValueTask WriteFrameAsync(Stream output, StdStream stream, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (payload.IsEmpty) return;
        byte[] frame = ArrayPool<byte>.Shared.Rent(HeaderSize + payload.Length);
        try
        {
            WriteHeader(frame, stream, payload.Length);
            payload.Span.CopyTo(frame.AsSpan(HeaderSize));
            await output.WriteAsync(frame.AsMemory(0, HeaderSize + payload.Length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>Fills the 8-byte header for a payload of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> header, StdStream stream, int length)
    {
        header[0] = (byte)stream;
        header[1] = header[2] = header[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[4..HeaderSize], checked((uint)length));
    }

    /// <summary>A write-only stream that frames every write as <paramref name="stream"/> (e.g. a process's stderr).</summary>
    public static Stream For(Stream output, StdStream stream) => new FramingStream(output, stream);

    private sealed class FramingStream(Stream output, StdStream stream) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty) return;
            Span<byte> header = stackalloc byte[HeaderSize];
            WriteHeader(header, stream, buffer.Length);
            byte[] frame = ArrayPool<byte>.Shared.Rent(HeaderSize + buffer.Length);
            try
            {
                header.CopyTo(frame);
                buffer.CopyTo(frame.AsSpan(HeaderSize));
                output.Write(frame, 0, HeaderSize + buffer.Length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            WriteFrameAsync(output, stream, buffer, cancellationToken);

        public override void Flush() => output.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
