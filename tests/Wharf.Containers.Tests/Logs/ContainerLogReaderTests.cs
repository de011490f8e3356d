using System.Text;
using System.Text.Json;

namespace Wharf.Containers.Tests.Logs;

public sealed class ContainerLogReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 11, 46, 15, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-containers-logs-").FullName;
    private string Log => Path.Combine(_dir, "c-json.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One line as the shim writes it; second <paramref name="n"/> after T0, plus 123456789 ns.</summary>
    private static string Line(int n, string text, string stream = "stdout") =>
        JsonSerializer.Serialize(new JsonLogLine
        {
            Log = text,
            Stream = stream,
            Time = T0.AddSeconds(n).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss") + ".123456789Z",
        }, JsonLogLineContext.Default.JsonLogLine) + "\n";

    private static void Append(string path, params string[] lines) => File.AppendAllText(path, string.Concat(lines));

    private async Task<List<string>> Read(LogReadOptions options, CancellationToken token = default)
    {
        var texts = new List<string>();
        await foreach (var entry in new ContainerLogReader(Log).ReadAsync(options, token))
            texts.Add((entry.Stream == LogStream.Stderr ? "E:" : "") + Encoding.UTF8.GetString(entry.Line.Span));
        return texts;
    }

    private void ThreeFiles()
    {
        Append(Log + ".2", Line(0, "a\n"), Line(1, "b\n"));
        Append(Log + ".1", Line(2, "c\n"), Line(3, "d\n", "stderr"), Line(4, "e\n"));
        Append(Log, Line(5, "f\n"), Line(6, "g\n", "stderr"));
    }

    [Fact]
    public async Task Reads_rotated_files_oldest_first_then_the_current_one()
    {
        ThreeFiles();
        Assert.Equal(["a\n", "b\n", "c\n", "E:d\n", "e\n", "f\n", "E:g\n"], await Read(new LogReadOptions()));
    }

    [Theory]
    [InlineData(0, new string[0])]
    [InlineData(1, new[] { "E:g\n" })]
    [InlineData(3, new[] { "e\n", "f\n", "E:g\n" })] // across a rotation
    [InlineData(6, new[] { "b\n", "c\n", "E:d\n", "e\n", "f\n", "E:g\n" })]
    [InlineData(100, new[] { "a\n", "b\n", "c\n", "E:d\n", "e\n", "f\n", "E:g\n" })]
    public async Task Tail_counts_entries_from_the_end(int tail, string[] expected)
    {
        ThreeFiles();
        Assert.Equal(expected, await Read(new LogReadOptions { Tail = tail }));
    }

    [Fact]
    public async Task Tail_counts_before_the_stream_selection_as_docker_does()
    {
        ThreeFiles();
        Assert.Equal(["f\n"], await Read(new LogReadOptions { Tail = 2, Stderr = false }));
        Assert.Equal(["E:d\n", "E:g\n"], await Read(new LogReadOptions { Stdout = false }));
    }

    [Fact]
    public async Task Since_and_until_bound_the_entries()
    {
        ThreeFiles();
        Assert.Equal(["E:d\n", "e\n", "f\n", "E:g\n"], await Read(new LogReadOptions { Since = T0.AddSeconds(3) }));
        Assert.Equal(["a\n", "b\n", "c\n"], await Read(new LogReadOptions { Until = T0.AddSeconds(2.5) }));
        Assert.Equal(["c\n", "E:d\n"], await Read(new LogReadOptions { Since = T0.AddSeconds(2), Until = T0.AddSeconds(3.5) }));
    }

    [Fact]
    public async Task Corrupt_and_unfinished_lines_are_skipped()
    {
        Append(Log, Line(0, "ok\n"), "{\"log\":\"torn\n", "not json at all\n", "{\"log\":\"x\",\"stream\":\"stdin\",\"time\":\"" + "2026-11-23T11:46:15Z\"}\n",
            "{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"yesterday\"}\n", Line(1, "after\n"), Line(2, "being written").TrimEnd('\n')[..20]);
        Assert.Equal(["ok\n", "after\n"], await Read(new LogReadOptions()));
        Assert.Equal(["after\n"], await Read(new LogReadOptions { Tail = 1 }));
    }

    [Fact]
    public async Task Partial_entries_are_passed_as_they_are()
    {
        Append(Log, Line(0, new string('x', 16384)), Line(0, "rest\n"), Line(1, "no newline at exit"));
        var entries = new List<LogEntry>();
        await foreach (var entry in new ContainerLogReader(Log).ReadAsync(new LogReadOptions())) entries.Add(entry);
        Assert.Equal([true, false, true], entries.Select(e => e.IsPartial));
        Assert.Equal(16384, entries[0].Line.Length);
        Assert.Equal("2026-11-23T11:46:15.123456789Z", entries[0].FormatTime());
        Assert.Equal(T0.AddSeconds(1).AddTicks(1234567), entries[2].Time);
    }

    [Fact]
    public async Task A_missing_log_is_empty()
    {
        Assert.Empty(await Read(new LogReadOptions()));
        Assert.Empty(await Read(new LogReadOptions { Tail = 5 }));
    }

    [Fact]
    public async Task Follow_sees_appended_entries_and_a_rotation_and_ends_when_the_container_stops()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Append(Log, Line(0, "old\n"), Line(1, "last\n"));
        var stopped = new TaskCompletionSource();
        var seen = new List<string>();
        var arrived = new SemaphoreSlim(0);
        int checkedCount = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var entry in new ContainerLogReader(Log).ReadAsync(new LogReadOptions { Follow = true, Tail = 1, Stopped = stopped.Task }, timeout.Token))
            {
                lock (seen) seen.Add(Encoding.UTF8.GetString(entry.Line.Span));
                arrived.Release();
            }
        });

        await Next("last\n");
        Append(Log, Line(2, "one\n"));
        await Next("one\n");
        // A line written in two pieces comes out whole.
        string two = Line(3, "two\n");
        Append(Log, two[..10]);
        await Task.Delay(100);
        Append(Log, two[10..]);
        await Next("two\n");

        // Rotation: the shim renames the log away and starts a new one; the tail of the old file still arrives.
        Append(Log, Line(4, "before rotation\n"));
        File.Move(Log, Log + ".1");
        Append(Log, Line(5, "after rotation\n"));
        await Next("before rotation\n");
        await Next("after rotation\n");

        // Written just before the stop: drained before the reading ends.
        Append(Log, Line(6, "final\n"));
        stopped.SetResult();
        await reading.WaitAsync(timeout.Token);
        Assert.Equal(["last\n", "one\n", "two\n", "before rotation\n", "after rotation\n", "final\n"], seen);

        async Task Next(string expected)
        {
            Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)), $"waited for {expected.TrimEnd()}; saw {string.Join(", ", seen)}");
            lock (seen) Assert.Equal(expected, seen[checkedCount++]);
        }
    }

    [Fact]
    public async Task Follow_catches_files_rotated_twice_while_it_was_not_looking()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Append(Log, Line(0, "a\n"));
        var stopped = new TaskCompletionSource();
        var reader = new ContainerLogReader(Log);
        var enumerator = reader.ReadAsync(new LogReadOptions { Follow = true, Stopped = stopped.Task }, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("a\n", Encoding.UTF8.GetString(enumerator.Current.Line.Span));
        // Two rotations before the reader looks again: LOG → LOG.1 → LOG.2, and a third file.
        Append(Log, Line(1, "b\n"));
        File.Move(Log, Log + ".1");
        Append(Log, Line(2, "c\n"));
        File.Move(Log + ".1", Log + ".2");
        File.Move(Log, Log + ".1");
        Append(Log, Line(3, "d\n"));
        stopped.SetResult();
        var rest = new List<string>();
        while (await enumerator.MoveNextAsync()) rest.Add(Encoding.UTF8.GetString(enumerator.Current.Line.Span));
        await enumerator.DisposeAsync();
        Assert.Equal(["b\n", "c\n", "d\n"], rest);
    }

    [Fact]
    public async Task Follow_waits_for_a_log_that_does_not_exist_yet()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stopped = new TaskCompletionSource();
        var reading = Read(new LogReadOptions { Follow = true, Stopped = stopped.Task }, timeout.Token);
        await Task.Delay(200);
        Append(Log, Line(0, "hello\n"));
        await Task.Delay(300);
        stopped.SetResult();
        Assert.Equal(["hello\n"], await reading);
    }

    [Fact]
    public async Task Follow_with_tail_zero_gives_only_what_comes_after()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Append(Log, Line(0, "before\n"));
        var stopped = new TaskCompletionSource();
        var enumerator = new ContainerLogReader(Log).ReadAsync(new LogReadOptions { Follow = true, Tail = 0, Stopped = stopped.Task }, timeout.Token)
            .GetAsyncEnumerator(timeout.Token);
        var next = enumerator.MoveNextAsync().AsTask(); // the reader starts here, before the append below
        await Task.Delay(200);
        Append(Log, Line(1, "after\n"));
        Assert.True(await next);
        Assert.Equal("after\n", Encoding.UTF8.GetString(enumerator.Current.Line.Span));
        stopped.SetResult();
        Assert.False(await enumerator.MoveNextAsync());
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task Follow_ends_at_once_for_a_stopped_container_and_on_cancellation()
    {
        Append(Log, Line(0, "a\n"));
        Assert.Equal(["a\n"], await Read(new LogReadOptions { Follow = true, Stopped = Task.CompletedTask }).WaitAsync(TimeSpan.FromSeconds(10)));

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Read(new LogReadOptions { Follow = true, Stopped = new TaskCompletionSource().Task }, cancel.Token).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Follow_stops_at_an_entry_past_until()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Append(Log, Line(0, "a\n"));
        var reading = Read(new LogReadOptions { Follow = true, Until = T0.AddSeconds(1.5), Stopped = new TaskCompletionSource().Task }, timeout.Token);
        await Task.Delay(200);
        Append(Log, Line(1, "b\n"), Line(2, "c\n"));
        Assert.Equal(["a\n", "b\n"], await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("2026-11-23T11:46:15Z", 0L)]
    [InlineData("2026-11-23T11:46:15.5Z", 500_000_000L)]
    [InlineData("2026-11-23T11:46:15.000000001Z", 1L)]
    [InlineData("2026-11-23T12:46:15.25+01:00", 250_000_000L)]
    public void Times_parse_to_the_nanosecond(string text, long nanosAfterT0)
    {
        Assert.True(JsonLogLine.TryParseTime(text, out long nanos));
        Assert.Equal(T0.ToUnixTimeSeconds() * 1_000_000_000 + nanosAfterT0, nanos);
        Assert.False(JsonLogLine.TryParseTime("2026-11-23 11:46:15Z", out _));
        Assert.False(JsonLogLine.TryParseTime("2026-11-23T11:46:15.1234567890Z", out _));
        Assert.Equal("2026-11-23T11:46:15.5Z", new LogEntry(LogStream.Stdout, T0.ToUnixTimeSeconds() * 1_000_000_000 + 500_000_000, default).FormatTime());
        Assert.Equal("2026-11-23T11:46:15Z", new LogEntry(LogStream.Stdout, T0.ToUnixTimeSeconds() * 1_000_000_000, default).FormatTime());
    }
}
