using System.Runtime.InteropServices;
using Wharf.Cli.Terminal;
using Wharf.Linux.Interop;

namespace Wharf.Cli;

/// <summary>
/// One of the standard descriptors as a byte stream on read(2)/write(2). A FileStream over fd 1
/// writes a regular file with pwrite at its own offset, leaving the shared offset behind: in
/// `(wharf run ... ; echo done) &gt; file` the echo would overwrite the container's output.
/// System.Console's streams are no better: on a terminal they switch it to keypad mode. A write to
/// a pipe nobody reads any more is a <see cref="BrokenPipeException"/>.
/// </summary>
internal sealed unsafe class StandardStream(int fd, FileAccess access) : Stream
{
    public override bool CanRead => access.HasFlag(FileAccess.Read);
    public override bool CanWrite => access.HasFlag(FileAccess.Write);
    public override bool CanSeek => false;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = Libc.Read(fd, p, (nuint)buffer.Length);
            if (n >= 0) return (int)n;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EINTR) continue;
            throw new IOException($"read from descriptor {fd}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint n;
            fixed (byte* p = buffer) n = Libc.Write(fd, p, (nuint)buffer.Length);
            if (n < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR) continue;
                var error = new IOException($"write to descriptor {fd}: {Marshal.GetPInvokeErrorMessage(errno)}");
                throw errno == BrokenPipeException.EPIPE ? new BrokenPipeException(error) : error;
            }
            buffer = buffer[(int)n..];
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
