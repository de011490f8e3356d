using Wharf.Cli.Terminal;

namespace Wharf.Cli.Tests.Terminal;

/// <summary>Docker's --detach-keys syntax and moby/term's escape proxy (cases from moby/term's proxy_test.go).</summary>
public sealed class DetachKeysTests
{
    [Theory]
    [InlineData("ctrl-p,ctrl-q", new byte[] { 16, 17 })]
    [InlineData("ctrl-a", new byte[] { 1 })]
    [InlineData("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_", new byte[] { 0, 27, 28, 29, 30, 31 })]
    [InlineData("a,b,c", new byte[] { (byte)'a', (byte)'b', (byte)'c' })]
    [InlineData("DEL", new byte[] { 127 })]
    [InlineData("ctrl-x,ctrl-@", new byte[] { 24, 0 })]
    public void Parses_docker_key_sequences(string keys, byte[] expected) => Assert.Equal(expected, DetachKeys.Parse(keys));

    [Theory]
    [InlineData("ctrl-P", "unknown character: 'ctrl-P'")]
    [InlineData("ctrl-1", "unknown character: 'ctrl-1'")]
    [InlineData("", "unknown character: ''")]
    [InlineData("a,,b", "unknown character: ''")]
    [InlineData("shift-a", "unknown character: 'shift-a'")]
    public void Rejects_unknown_keys_with_morbys_message(string keys, string message)
    {
        Assert.False(DetachKeys.TryParse(keys, out _, out string? error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Default_is_ctrl_p_ctrl_q() => Assert.Equal(new byte[] { 16, 17 }, DetachKeys.Default);

    private static (byte[] Data, bool Detached) ReadAll(Stream source, int bufferSize = 64)
    {
        var data = new MemoryStream();
        byte[] buffer = new byte[bufferSize];
        try
        {
            int n;
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0) data.Write(buffer, 0, n);
            return (data.ToArray(), false);
        }
        catch (DetachRequested)
        {
            return (data.ToArray(), true);
        }
    }

    [Fact]
    public void Passes_input_through_when_no_keys_are_set()
    {
        var proxy = new DetachKeyProxy(new MemoryStream("abc"u8.ToArray()), []);
        (byte[] data, bool detached) = ReadAll(proxy);
        Assert.False(detached);
        Assert.Equal("abc"u8.ToArray(), data);
    }

    [Fact]
    public void Swallows_the_sequence_and_reports_detach()
    {
        var proxy = new DetachKeyProxy(new MemoryStream([(byte)'l', (byte)'s', 16, 17, (byte)'x']), DetachKeys.Default);
        (byte[] data, bool detached) = ReadAll(proxy);
        Assert.True(detached);
        Assert.Equal("ls"u8.ToArray(), data);
    }

    [Fact]
    public void Hands_on_a_partial_sequence_that_breaks_off()
    {
        // ctrl-p then 'a': not the sequence, so ctrl-p is input after all.
        var proxy = new DetachKeyProxy(new MemoryStream([16, (byte)'a', (byte)'b']), DetachKeys.Default);
        (byte[] data, bool detached) = ReadAll(proxy);
        Assert.False(detached);
        Assert.Equal(new byte[] { 16, (byte)'a', (byte)'b' }, data);
    }

    /// <summary>A stream that returns one byte per read, as a terminal in raw mode does.</summary>
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }

    [Fact]
    public void Detects_a_sequence_split_across_reads()
    {
        var proxy = new DetachKeyProxy(new Trickle([(byte)'a', 16, 17, (byte)'z']), DetachKeys.Default);
        (byte[] data, bool detached) = ReadAll(proxy);
        Assert.True(detached);
        Assert.Equal("a"u8.ToArray(), data);
    }

    [Fact]
    public void Hands_on_a_held_back_key_when_the_next_read_breaks_the_match()
    {
        var proxy = new DetachKeyProxy(new Trickle([16, (byte)'a']), DetachKeys.Default);
        (byte[] data, bool detached) = ReadAll(proxy);
        Assert.False(detached);
        Assert.Equal(new byte[] { 16, (byte)'a' }, data);
    }

    [Fact]
    public void Custom_keys_replace_the_default()
    {
        var proxy = new DetachKeyProxy(new MemoryStream([16, 17, (byte)'q', 24]), DetachKeys.Parse("q,ctrl-x"));
        (byte[] data, bool detached) = ReadAll(proxy);
        Assert.True(detached);
        Assert.Equal(new byte[] { 16, 17 }, data);
    }
}
