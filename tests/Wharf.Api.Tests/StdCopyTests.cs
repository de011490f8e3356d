using System.Text;
using Wharf.Api.Streams;

namespace Wharf.Api.Tests;

public class StdCopyTests
{
    [Fact]
    public async Task A_frame_is_an_8_byte_header_then_the_payload()
    {
        var output = new MemoryStream();
        await StdFrameWriter.WriteFrameAsync(output, StdStream.Stderr, "oops\n"u8.ToArray());
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0, 0, 5, (byte)'o', (byte)'o', (byte)'p', (byte)'s', (byte)'\n' }, output.ToArray());
    }

    [Fact]
    public async Task Empty_writes_make_no_frame()
    {
        var output = new MemoryStream();
        await StdFrameWriter.WriteFrameAsync(output, StdStream.Stdout, ReadOnlyMemory<byte>.Empty);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task Demultiplexes_stdout_and_stderr_in_order()
    {
        var wire = new MemoryStream();
        var stdoutFramer = StdFrameWriter.For(wire, StdStream.Stdout);
        var stderrFramer = StdFrameWriter.For(wire, StdStream.Stderr);
        await stdoutFramer.WriteAsync("one "u8.ToArray());
        await stderrFramer.WriteAsync("err"u8.ToArray());
        stdoutFramer.Write("two"u8);
        await StdFrameWriter.WriteFrameAsync(wire, StdStream.Stdin, "in"u8.ToArray());
        wire.Position = 0;

        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        long total = await StdFrameReader.DemultiplexAsync(wire, stdout, stderr);
        Assert.Equal("one twoin", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("err", Encoding.UTF8.GetString(stderr.ToArray()));
        Assert.Equal(12, total);
    }

    [Fact]
    public async Task A_system_error_frame_stops_the_reader_with_its_text()
    {
        var wire = new MemoryStream();
        await StdFrameWriter.WriteFrameAsync(wire, StdStream.Stdout, "before"u8.ToArray());
        await StdFrameWriter.WriteFrameAsync(wire, StdStream.SystemError, "container died"u8.ToArray());
        await StdFrameWriter.WriteFrameAsync(wire, StdStream.Stdout, "after"u8.ToArray());
        wire.Position = 0;
        var stdout = new MemoryStream();
        var e = await Assert.ThrowsAsync<IOException>(() => StdFrameReader.DemultiplexAsync(wire, stdout, Stream.Null));
        Assert.Equal("error from daemon in stream: container died", e.Message);
        Assert.Equal("before", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task An_unknown_stream_byte_is_an_unrecognized_header()
    {
        var wire = new MemoryStream([7, 0, 0, 0, 0, 0, 0, 1, (byte)'x']);
        var e = await Assert.ThrowsAsync<IOException>(() => StdFrameReader.DemultiplexAsync(wire, Stream.Null, Stream.Null));
        Assert.Equal("Unrecognized input header: 7", e.Message);
    }

    [Fact]
    public async Task A_truncated_last_frame_is_dropped_silently()
    {
        var wire = new MemoryStream();
        await StdFrameWriter.WriteFrameAsync(wire, StdStream.Stdout, "whole"u8.ToArray());
        wire.Write([1, 0, 0, 0, 0, 0, 0, 100, (byte)'p', (byte)'a']);
        wire.Position = 0;
        var stdout = new MemoryStream();
        await StdFrameReader.DemultiplexAsync(wire, stdout, Stream.Null);
        Assert.Equal("whole", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task A_frame_larger_than_the_limit_is_refused()
    {
        var wire = new MemoryStream([1, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]);
        await Assert.ThrowsAsync<IOException>(async () => await new StdFrameReader(wire, 1024).ReadFrameAsync());
    }

    [Fact]
    public async Task Large_frames_arrive_whole_across_short_reads()
    {
        byte[] payload = new byte[200_000];
        new Random(1).NextBytes(payload);
        var wire = new MemoryStream();
        await StdFrameWriter.WriteFrameAsync(wire, StdStream.Stdout, payload);
        wire.Position = 0;
        var frame = await new StdFrameReader(new TrickleStream(wire, 777)).ReadFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(StdStream.Stdout, frame.Value.Stream);
        Assert.True(payload.AsSpan().SequenceEqual(frame.Value.Payload.Span));
    }

    /// <summary>Returns at most <paramref name="chunk"/> bytes per read, as a socket might.</summary>
    private sealed class TrickleStream(Stream inner, int chunk) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, chunk));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
