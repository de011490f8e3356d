using System.Globalization;
using System.Text;

namespace Wharf.Cli.Connection.Http1;

/// <summary>
/// Writes a request body onto the connection: as it is when its length was announced, else (an
/// image tar piped in, a cp archive) with Transfer-Encoding: chunked, a chunk per write, and
/// <see cref="CompleteAsync"/> sending the last chunk.
/// </summary>
internal sealed class RequestBody(DaemonConnection connection, bool chunked) : Stream
{
    public override bool CanRead => false;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return;
        if (!chunked)
        {
            await connection.SendAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }
        await connection.SendAsync(Encoding.ASCII.GetBytes(buffer.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken).ConfigureAwait(false);
        await connection.SendAsync(buffer, cancellationToken).ConfigureAwait(false);
        await connection.SendAsync("\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken) =>
        chunked ? connection.SendAsync("0\r\n\r\n"u8.ToArray(), cancellationToken) : ValueTask.CompletedTask;

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
