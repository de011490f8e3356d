using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Wharf.Core;
using Wharf.Shim.Protocol;

namespace Wharf.Shim.Tests.Unit;

public class FramingTests
{
    [Fact]
    public async Task A_request_round_trips_through_a_frame_with_a_big_endian_length()
    {
        var stream = new MemoryStream();
        var request = new ShimRequest { Op = ShimOps.Kill, Signal = 9, All = true };
        await ShimFrame.WriteAsync(stream, request, ShimJsonContext.Default.ShimRequest, default);

        byte[] bytes = stream.ToArray();
        int length = BinaryPrimitives.ReadInt32BigEndian(bytes);
        Assert.Equal(bytes.Length - 4, length);
        // The contract's field names, as the daemon and other clients write them.
        Assert.Equal("""{"Op":"kill","Signal":9,"All":true}""", Encoding.UTF8.GetString(bytes, 4, length));

        stream.Position = 0;
        var read = await ShimFrame.ReadAsync(stream, ShimJsonContext.Default.ShimRequest, default);
        Assert.Equal(request, read);
    }

    [Fact]
    public async Task Reply_times_are_RFC3339Nano_in_UTC()
    {
        var exit = new ExitStatus(137, true, new DateTimeOffset(2026, 11, 23, 11, 46, 15, TimeSpan.FromHours(2)).AddTicks(1234567));
        var stream = new MemoryStream();
        await ShimFrame.WriteAsync(stream, ShimReply.Exited(exit), ShimJsonContext.Default.ShimReply, default);
        string json = Encoding.UTF8.GetString(stream.ToArray(), 4, (int)stream.Length - 4);
        Assert.Equal("""{"Ok":true,"ExitCode":137,"OomKilled":true,"ExitedAt":"2026-11-23T09:46:15.1234567Z"}""", json);
    }

    [Fact]
    public void Exit_json_is_read_with_Go_nanosecond_times()
    {
        var exit = JsonSerializer.Deserialize("""{"ExitCode":3,"OomKilled":false,"ExitedAt":"2026-11-23T11:46:15.123456789Z"}""",
            ShimJsonContext.Default.ExitStatus);
        Assert.Equal(3, exit.ExitCode);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 11, 46, 15, TimeSpan.Zero).AddTicks(1234567), exit.ExitedAt);
    }

    [Fact]
    public async Task A_frame_longer_than_1_MiB_is_refused_before_its_body_is_read()
    {
        byte[] header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, (1 << 20) + 1);
        var e = await Assert.ThrowsAsync<WharfException>(() =>
            ShimFrame.ReadAsync(new MemoryStream(header), ShimJsonContext.Default.ShimRequest, default));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task A_connection_closed_before_a_frame_reads_as_null_and_inside_one_as_an_error()
    {
        Assert.Null(await ShimFrame.ReadAsync(new MemoryStream(), ShimJsonContext.Default.ShimRequest, default));
        byte[] cut = [0, 0, 0, 10, (byte)'{'];
        await Assert.ThrowsAsync<EndOfStreamException>(() =>
            ShimFrame.ReadAsync(new MemoryStream(cut), ShimJsonContext.Default.ShimRequest, default));
    }

    [Fact]
    public async Task Malformed_JSON_is_an_invalid_argument()
    {
        byte[] body = "{\"Op\":"u8.ToArray();
        byte[] frame = [0, 0, 0, (byte)body.Length, .. body];
        var e = await Assert.ThrowsAsync<WharfException>(() =>
            ShimFrame.ReadAsync(new MemoryStream(frame), ShimJsonContext.Default.ShimRequest, default));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public async Task Stdcopy_frames_carry_the_stream_and_length_and_read_back()
    {
        byte[] frame = StdCopy.Frame(StdStream.Stderr, "oops\n"u8);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0, 0, 5 }, frame[..8]);

        // What Docker clients (and Wharf.Api's reader, stdcopy's twin) make of the shim's frames.
        var reader = new Wharf.Api.Streams.StdFrameReader(new MemoryStream([.. StdCopy.Frame(StdStream.Stdout, "a"u8), .. frame]));
        var first = (await reader.ReadFrameAsync())!.Value;
        Assert.Equal((Wharf.Api.Streams.StdStream.Stdout, "a"), (first.Stream, Encoding.UTF8.GetString(first.Payload.Span)));
        var second = (await reader.ReadFrameAsync())!.Value;
        Assert.Equal((Wharf.Api.Streams.StdStream.Stderr, "oops\n"), (second.Stream, Encoding.UTF8.GetString(second.Payload.Span)));
        Assert.Null(await reader.ReadFrameAsync());
    }

    [Fact]
    public void Options_survive_the_command_line()
    {
        var options = new ShimOptions
        {
            Id = "c1", BundleDirectory = "/b", StateDirectory = "/run/wharf/c1", RuntimePath = "/usr/sbin/runc",
            RuntimeRoot = "/run/runc", LogFile = "/var/log/c1.log", LogMaxSize = 1000, LogMaxFiles = 3,
            Tty = true, OpenStdin = true, StdinOnce = true,
        };
        Assert.Equal(options, ShimOptions.Parse(options.ToArguments()));
        var plain = options with { RuntimeRoot = null, LogMaxSize = 0, LogMaxFiles = 1, Tty = false, OpenStdin = false, StdinOnce = false };
        Assert.Equal(plain, ShimOptions.Parse(plain.ToArguments()));
    }

    [Theory]
    [InlineData("--id", "-rf")]
    [InlineData("--log-max-files", "0")]
    [InlineData("--log-max-size", "-1")]
    [InlineData("--bogus", "x")]
    public void Bad_command_lines_are_invalid_arguments(string flag, string value)
    {
        var args = new List<string> { "--id", "c1", "--bundle", "/b", "--state-dir", "/s", "--runtime", "runc", "--log-file", "/l" };
        args.AddRange([flag, value]);
        Assert.Equal(ErrorKind.InvalidArgument, Assert.Throws<WharfException>(() => ShimOptions.Parse(args)).Kind);
    }
}
