using System.Text;
using Wharf.Api.Streams;

namespace Wharf.Api.Tests;

public class JsonMessageTests
{
    [Fact]
    public async Task Each_message_is_one_line_flushed_at_once()
    {
        var output = new FlushCountingStream();
        var writer = new JsonMessageWriter(output);
        Assert.False(writer.Started);
        await writer.WriteStatusAsync("sha256:abc");
        await writer.WriteStreamAsync("Loaded image: busybox:latest\n");
        await writer.WriteProgressAsync("a1b2", "Downloading", 10, 100);
        Assert.True(writer.Started);
        Assert.Equal(3, output.Flushes);
        Assert.Equal(
            "{\"status\":\"sha256:abc\"}\n" +
            "{\"stream\":\"Loaded image: busybox:latest\\n\"}\n" +
            "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":10,\"total\":100},\"id\":\"a1b2\"}\n",
            Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task Errors_carry_errorDetail_and_error()
    {
        var output = new MemoryStream();
        await new JsonMessageWriter(output).WriteErrorAsync("boom", code: 2);
        Assert.Equal("{\"errorDetail\":{\"code\":2,\"message\":\"boom\"},\"error\":\"boom\"}\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task Angle_brackets_are_not_escaped_as_Go_writes_them()
    {
        var output = new MemoryStream();
        await new JsonMessageWriter(output).WriteStatusAsync("<none>:<none> & more");
        Assert.Equal("{\"status\":\"<none>:<none> & more\"}\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task The_reader_reads_what_the_writer_wrote()
    {
        var output = new MemoryStream();
        var writer = new JsonMessageWriter(output);
        await writer.WriteStatusAsync("Pulling", "latest");
        await writer.WriteErrorAsync("bad");
        output.Position = 0;
        var messages = new List<Types.JsonMessage>();
        await foreach (var message in JsonMessageReader.ReadAllAsync(output)) messages.Add(message);
        Assert.Equal(2, messages.Count);
        Assert.Equal(("Pulling", "latest"), (messages[0].Status, messages[0].Id));
        Assert.Equal("bad", messages[1].ErrorDetail?.Message);
    }

    [Fact]
    public async Task The_reader_takes_a_last_line_without_newline()
    {
        var input = new MemoryStream("{\"stream\":\"a\"}\n\n{\"stream\":\"b\"}"u8.ToArray());
        var texts = new List<string?>();
        await foreach (var message in JsonMessageReader.ReadAllAsync(input)) texts.Add(message.Stream);
        Assert.Equal(["a", "b"], texts);
    }

    private sealed class FlushCountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }
    }
}
