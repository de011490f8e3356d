using System.Text;

namespace Wharf.Shim.Tests.Kernel;

[Trait("Category", "Kernel")]
public class StdioTests
{
    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task Stdin_reaches_cat_and_with_stdin_once_the_clients_end_of_input_ends_it(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["cat"], stdin: true, stdinOnce: true);
        var ct = Timeouts.Token();
        using var stream = await shim.Client.AttachAsync(stdin: true, stdout: true, stderr: true, ct);
        var wait = shim.Client.WaitAsync(ct);
        // Typed before start: it waits in the shim until cat exists.
        await stream.WriteAsync("hello\n"u8.ToArray(), ct);
        await shim.Client.StartAsync(ct);
        await stream.WriteAsync("world\n"u8.ToArray(), ct);
        stream.CloseInput();

        Assert.Equal(("hello\nworld\n", ""), await Streams.ReadFramesAsync(stream, ct));
        Assert.Equal(0, (await wait).ExitCode);
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task Without_stdin_once_a_client_ending_its_input_leaves_stdin_open(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["cat"], stdin: true);
        var ct = Timeouts.Token();
        using var first = await shim.Client.AttachAsync(stdin: true, stdout: true, stderr: false, ct);
        await shim.Client.StartAsync(ct);
        await first.WriteAsync("one\n"u8.ToArray(), ct);
        first.CloseInput();
        Assert.Equal("one\n", await Streams.ReadUntilFrameTextAsync(first, "one\n", ct));

        // cat still reads: a second client's input comes out on both streams.
        using var second = await shim.Client.AttachAsync(stdin: true, stdout: true, stderr: false, ct);
        await second.WriteAsync("two\n"u8.ToArray(), ct);
        Assert.Equal("two\n", await Streams.ReadUntilFrameTextAsync(second, "two\n", ct));
        Assert.Equal("two\n", await Streams.ReadUntilFrameTextAsync(first, "two\n", ct));

        await shim.Client.KillAsync(9, all: false, ct);
        Assert.Equal(137, (await shim.Client.WaitAsync(ct)).ExitCode);
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task With_a_tty_output_is_raw_and_resize_sets_the_window_size(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sh", "-c", "read line; stty size; echo got-$line"], tty: true, stdin: true);
        var ct = Timeouts.Token();
        using var stream = await shim.Client.AttachAsync(stdin: true, stdout: true, stderr: true, ct);
        var wait = shim.Client.WaitAsync(ct);
        await shim.Client.StartAsync(ct);
        await shim.Client.ResizeAsync(null, 33, 101, ct);
        await stream.WriteAsync("go\n"u8.ToArray(), ct);

        string output = await Streams.ReadRawAsync(stream, ct);
        // The pty echoes input and turns "\n" into "\r\n"; no stdcopy headers.
        Assert.Contains("33 101\r\n", output);
        Assert.Contains("got-go\r\n", output);
        Assert.DoesNotContain('\0', output);
        Assert.Equal(0, (await wait).ExitCode);

        var entries = shim.LogEntries();
        Assert.All(entries, e => Assert.Equal("stdout", e.Stream));
        Assert.Contains(entries, e => e.Log == "33 101\r\n");
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task A_client_that_does_not_read_is_dropped_and_holds_up_neither_the_container_nor_the_log(string runtime)
    {
        // 4 MB of output: far more than the socket buffers and the 1 MiB a client may have queued.
        const int Size = 4_000_000;
        await using var shim = await TestShim.LaunchAsync(runtime, ["sh", "-c", $"yes 0123456789abcdef | head -c {Size}; echo; echo end"]);
        var ct = Timeouts.Token(120);
        using var stuck = await shim.Client.AttachAsync(stdin: false, stdout: true, stderr: true, ct);
        using var reader = await shim.Client.AttachAsync(stdin: false, stdout: true, stderr: true, ct);
        var read = Streams.ReadFramesAsync(reader, ct);
        await shim.Client.StartAsync(ct);

        Assert.Equal(0, (await shim.Client.WaitAsync(ct)).ExitCode);
        var (stdout, _) = await read;
        Assert.Equal(Size + "\nend\n".Length, stdout.Length);
        Assert.Equal(Size + "\nend\n".Length, shim.LogEntries().Sum(e => e.Log.Length));

        // The stuck client got a part, then its stream was cut.
        long got = 0;
        try
        {
            got = (await Streams.ReadFramesAsync(stuck, ct)).Stdout.Length;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
        }
        Assert.True(got < Size, $"the stuck client received {got} bytes");
    }
}
