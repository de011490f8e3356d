using System.Buffers;
using Wharf.Api.Streams;

namespace Wharf.Api.Tests;

public class DetachKeysTests
{
    [Theory]
    [InlineData(null, new byte[] { 16, 17 })]
    [InlineData("", new byte[] { 16, 17 })]
    [InlineData("ctrl-p,ctrl-q", new byte[] { 16, 17 })]
    [InlineData("a", new byte[] { (byte)'a' })]
    [InlineData("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_", new byte[] { 0, 27, 28, 29, 30, 31 })]
    [InlineData("ctrl-x,x,DEL", new byte[] { 24, (byte)'x', 127 })]
    public void Parses_dockers_key_syntax(string? spec, byte[] expected) => Assert.Equal(expected, DetachKeys.Parse(spec).ToArray());

    [Theory]
    [InlineData("ctrl-")]
    [InlineData("ctrl-1")]
    [InlineData("ab")]
    [InlineData("a,,b")]
    [InlineData("del")]
    [InlineData("CTRL-A")] // moby/term compares the names as written
    [InlineData("é")]
    public void Refuses_bad_specs_with_dockers_message(string spec)
    {
        var e = Assert.Throws<ApiRequestException>(() => DetachKeys.Parse(spec));
        Assert.Equal($"Invalid detach keys ({spec}) provided", e.Message);
    }

    [Fact]
    public void TryParse_names_the_bad_key()
    {
        Assert.False(DetachKeys.TryParse("ctrl-p,nope", out _, out string? error));
        Assert.Equal("Unknown character: 'nope'", error);
    }
}

public class EscapeSequenceDetectorTests
{
    private static readonly byte[] CtrlPq = [16, 17];

    private static (bool Detach, byte[] Forwarded) Feed(EscapeSequenceDetector detector, params byte[] input)
    {
        var forward = new ArrayBufferWriter<byte>();
        bool detach = detector.Feed(input, forward);
        return (detach, forward.WrittenSpan.ToArray());
    }

    [Fact]
    public void Ordinary_bytes_pass_straight_through()
    {
        var detector = new EscapeSequenceDetector(CtrlPq);
        var result = Feed(detector, "hello"u8.ToArray());
        Assert.False(result.Detach);
        Assert.Equal("hello"u8.ToArray(), result.Forwarded);
    }

    [Fact]
    public void The_sequence_split_across_reads_detaches_and_is_swallowed()
    {
        var detector = new EscapeSequenceDetector(CtrlPq);
        var first = Feed(detector, (byte)'a', 16);
        Assert.False(first.Detach);
        Assert.Equal(new[] { (byte)'a' }, first.Forwarded);
        Assert.Equal(1, detector.Pending);
        var second = Feed(detector, 17, (byte)'z');
        Assert.True(second.Detach);
        Assert.Empty(second.Forwarded);
    }

    [Fact]
    public void The_sequence_inside_one_read_detaches_after_forwarding_what_came_before()
    {
        var detector = new EscapeSequenceDetector(CtrlPq);
        var result = Feed(detector, (byte)'l', (byte)'s', 16, 17, (byte)'x');
        Assert.True(result.Detach);
        Assert.Equal("ls"u8.ToArray(), result.Forwarded);
    }

    [Fact]
    public void A_partial_match_that_fails_is_forwarded_intact()
    {
        var detector = new EscapeSequenceDetector(CtrlPq);
        var held = Feed(detector, 16);
        Assert.False(held.Detach);
        Assert.Empty(held.Forwarded);
        var released = Feed(detector, (byte)'q');
        Assert.False(released.Detach);
        Assert.Equal(new byte[] { 16, (byte)'q' }, released.Forwarded);
        Assert.Equal(0, detector.Pending);
    }

    [Fact]
    public void A_failed_match_may_start_a_new_one()
    {
        var detector = new EscapeSequenceDetector(CtrlPq);
        var result = Feed(detector, 16, 16, 17);
        Assert.True(result.Detach);
        Assert.Equal(new byte[] { 16 }, result.Forwarded);
    }

    [Fact]
    public void Flush_at_end_of_input_forwards_held_bytes()
    {
        var detector = new EscapeSequenceDetector(CtrlPq);
        Assert.Empty(Feed(detector, 16).Forwarded);
        var forward = new ArrayBufferWriter<byte>();
        detector.Flush(forward);
        Assert.Equal(new byte[] { 16 }, forward.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_single_key_sequence_detaches_at_once()
    {
        var detector = new EscapeSequenceDetector(new byte[] { (byte)'q' });
        var result = Feed(detector, (byte)'a', (byte)'q', (byte)'b');
        Assert.True(result.Detach);
        Assert.Equal("a"u8.ToArray(), result.Forwarded);
    }

    [Fact]
    public void The_detector_is_reusable_after_a_detach()
    {
        var detector = new EscapeSequenceDetector(CtrlPq);
        Assert.True(Feed(detector, 16, 17).Detach);
        var after = Feed(detector, "ok"u8.ToArray());
        Assert.False(after.Detach);
        Assert.Equal("ok"u8.ToArray(), after.Forwarded);
    }
}
