using Wharf.Linux;
using Wharf.Linux.Interop;

namespace Wharf.Cli.Terminal;

/// <summary>
/// stdout or stderr as a stream that writes with write(2). A FileStream on a regular file would
/// write with pwrite(2) at its own offset and never move the descriptor's shared one, so in
/// `{ wharf ps; echo done; } &gt; file` the next writer would write over wharf's output.
/// </summary>
internal sealed class StandardOutputStream(int fd) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            Libc.WriteAll(fd, buffer);
        }
        catch (LinuxException e) when (e.Errno == BrokenPipeException.EPIPE)
        {
            throw new BrokenPipeException(e);
        }
        catch (LinuxException e)
        {
            throw new IOException(e.Message, e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// The reader of stdout went away (`wharf save | head`). docker dies of SIGPIPE there, silently,
/// status 141; wharf ends the same way.
/// </summary>
internal sealed class BrokenPipeException(Exception inner) : IOException(inner.Message, inner)
{
    public const int EPIPE = 32;

    /// <summary>128 + SIGPIPE, what a shell reports for a process killed by it.</summary>
    public const int ExitCode = 141;
}
