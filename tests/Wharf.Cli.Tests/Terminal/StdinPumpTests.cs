using Wharf.Api.Streams;
using Wharf.Cli.Terminal;

namespace Wharf.Cli.Tests.Terminal;

/// <summary>What reaches the container from stdin, and when the CLI detaches (cases after moby/term's proxy_test.go).</summary>
public sealed class StdinPumpTests
{
    private static (byte[] Sent, StdinOutcome Outcome, bool HalfClosed) Pump(Stream input, string? keys)
    {
        var connection = new MemoryStream();
        bool halfClosed = false;
        EscapeSequenceDetector? detector = keys is null ? null : new EscapeSequenceDetector(DetachKeys.Parse(keys));
        StdinOutcome outcome = StdinPump.Copy(input, connection, detector, () => halfClosed = true);
        return (connection.ToArray(), outcome, halfClosed);
    }

    /// <summary>A stream that returns one byte per read, as a terminal in raw mode does.</summary>
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }

    [Fact]
    public void Without_keys_everything_is_sent_and_EOF_half_closes()
    {
        var (sent, outcome, halfClosed) = Pump(new MemoryStream([.. "ab"u8, 16, 17]), keys: null);
        Assert.Equal(new byte[] { (byte)'a', (byte)'b', 16, 17 }, sent);
        Assert.Equal(StdinOutcome.EndOfInput, outcome);
        Assert.True(halfClosed);
    }

    [Fact]
    public void The_sequence_is_swallowed_and_detaches_without_closing_stdin()
    {
        var (sent, outcome, halfClosed) = Pump(new MemoryStream([(byte)'l', (byte)'s', 16, 17, (byte)'x']), "ctrl-p,ctrl-q");
        Assert.Equal("ls"u8.ToArray(), sent);
        Assert.Equal(StdinOutcome.Detached, outcome);
        Assert.False(halfClosed);
    }

    [Fact]
    public void A_sequence_typed_key_by_key_detaches()
    {
        var (sent, outcome, _) = Pump(new Trickle([(byte)'a', 16, 17, (byte)'z']), "ctrl-p,ctrl-q");
        Assert.Equal("a"u8.ToArray(), sent);
        Assert.Equal(StdinOutcome.Detached, outcome);
    }

    [Fact]
    public void A_broken_off_sequence_is_input_after_all()
    {
        var (sent, outcome, _) = Pump(new Trickle([16, (byte)'a', (byte)'b']), "ctrl-p,ctrl-q");
        Assert.Equal(new byte[] { 16, (byte)'a', (byte)'b' }, sent);
        Assert.Equal(StdinOutcome.EndOfInput, outcome);
    }

    [Fact]
    public void A_partial_sequence_at_EOF_is_sent_before_the_half_close()
    {
        var (sent, outcome, halfClosed) = Pump(new MemoryStream([(byte)'a', 16]), "ctrl-p,ctrl-q");
        Assert.Equal(new byte[] { (byte)'a', 16 }, sent);
        Assert.Equal(StdinOutcome.EndOfInput, outcome);
        Assert.True(halfClosed);
    }

    [Fact]
    public void Custom_keys_replace_the_default()
    {
        var (sent, outcome, _) = Pump(new MemoryStream([16, 17, (byte)'q', 24]), "q,ctrl-x");
        Assert.Equal(new byte[] { 16, 17 }, sent);
        Assert.Equal(StdinOutcome.Detached, outcome);
    }

    [Fact]
    public void A_closed_connection_ends_the_pump()
    {
        var connection = new MemoryStream();
        connection.Dispose();
        Assert.Equal(StdinOutcome.ConnectionClosed, StdinPump.Copy(new MemoryStream("x"u8.ToArray()), connection, null, () => { }));
    }
}
