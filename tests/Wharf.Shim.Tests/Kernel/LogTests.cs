namespace Wharf.Shim.Tests.Kernel;

[Trait("Category", "Kernel")]
public class LogTests
{
    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task The_log_has_one_entry_per_line_per_stream_and_the_unterminated_end_as_a_partial(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime, ["sh", "-c", "echo one; echo two >&2; echo three; printf partial"]);
        var ct = Timeouts.Token();
        // The wait is connected before the start: a shim whose container has exited and that has no
        // client left lingers only briefly, and a loaded machine may be slower than that.
        var exited = shim.Client.WaitAsync(ct);
        await shim.Client.StartAsync(ct);
        await exited;

        var entries = shim.LogEntries();
        Assert.Equal(["one\n", "three\n", "partial"], entries.Where(e => e.Stream == "stdout").Select(e => e.Log));
        Assert.Equal(["two\n"], entries.Where(e => e.Stream == "stderr").Select(e => e.Log));
        Assert.All(entries, e => Assert.InRange(e.Time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow));
    }

    [ShimKernelTheory]
    [MemberData(nameof(Runtimes.All), MemberType = typeof(Runtimes))]
    public async Task The_log_rotates_at_max_size_keeping_max_file_files(string runtime)
    {
        await using var shim = await TestShim.LaunchAsync(runtime,
            ["sh", "-c", "i=0; while [ $i -lt 300 ]; do echo line-$i; i=$((i+1)); done"], logMaxSize: 2000, logMaxFiles: 3);
        var ct = Timeouts.Token();
        // The wait is connected before the start: a shim whose container has exited and that has no
        // client left lingers only briefly, and a loaded machine may be slower than that.
        var exited = shim.Client.WaitAsync(ct);
        await shim.Client.StartAsync(ct);
        await exited;

        Assert.True(File.Exists(shim.LogFile + ".1"));
        Assert.True(File.Exists(shim.LogFile + ".2"));
        Assert.False(File.Exists(shim.LogFile + ".3"));
        var kept = shim.LogEntries(shim.LogFile + ".2").Concat(shim.LogEntries(shim.LogFile + ".1")).Concat(shim.LogEntries())
            .Select(e => e.Log).ToList();
        Assert.Equal(Enumerable.Range(300 - kept.Count, kept.Count).Select(i => $"line-{i}\n"), kept);
        Assert.True(new FileInfo(shim.LogFile + ".1").Length < 2000 + 100);
    }
}
