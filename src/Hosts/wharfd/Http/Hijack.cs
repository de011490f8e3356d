using Microsoft.AspNetCore.Http.Features;
using Wharf.Api;

namespace Wharf.Daemon.Http;

/// <summary>
/// Hijacked connections for attach and exec start: the answer is <c>101</c> with
/// <c>Connection: Upgrade</c>, <c>Upgrade: tcp</c> and the stream's content type, then raw bytes
/// both ways. Reading the returned stream gives the client's stdin and 0 when the client
/// half-closes; writing still reaches the client after that. A client that did not ask to upgrade
/// (very old ones) gets moby's answer: 200 and the output on the response body, no stdin.
/// </summary>
internal static class Hijack
{
    public const string RawStream = "application/vnd.docker.raw-stream";
    public const string MultiplexedStream = "application/vnd.docker.multiplexed-stream";

    /// <summary>
    /// Upgrades the connection. <paramref name="multiplexed"/>: the output will be stdcopy frames
    /// (no TTY); announced as such from API 1.42 on, as raw-stream before (the CLI ignores it anyway).
    /// Dispose the stream to close the connection.
    /// </summary>
    public static async Task<Stream> UpgradeAsync(HttpContext context, bool multiplexed)
    {
        string contentType = multiplexed && context.ApiVersion() >= new ApiVersion(1, 42) ? MultiplexedStream : RawStream;
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        context.Response.Headers.ContentType = contentType;
        if (upgrade is { IsUpgradableRequest: true })
        {
            context.Response.Headers.Upgrade = "tcp";
            context.Response.Headers.Connection = "Upgrade";
            HijackConnection.MarkHijacked(context);
            return await upgrade.UpgradeAsync();
        }
        await ApiResponse.StartNowAsync(context, contentType);
        return new OutputOnlyStream(context.Response.Body);
    }

    /// <summary>The old-client case: stdin is empty; every write is flushed so output is live.</summary>
    private sealed class OutputOnlyStream(Stream output) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => 0;
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous writes are not allowed");

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await output.WriteAsync(buffer, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
