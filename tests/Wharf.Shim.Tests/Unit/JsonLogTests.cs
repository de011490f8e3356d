using System.Text;
using System.Text.Json;
using Wharf.Shim.Logs;

namespace Wharf.Shim.Tests.Unit;

public sealed class JsonLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-shim-log-").FullName;
    private DateTimeOffset _now = new(2026, 11, 23, 11, 46, 15, TimeSpan.Zero);

    private string LogPath => Path.Combine(_dir, "ctr-json.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A clock that ticks one millisecond per reading, so entries can be told apart.</summary>
    private DateTimeOffset Tick() => _now = _now.AddMilliseconds(1);

    private JsonLogWriter Writer(long maxSize = 0, int maxFiles = 1) => new(LogPath, maxSize, maxFiles, Tick);

    private static List<JsonLogEntry> Read(string path) =>
        File.ReadLines(path).Select(l => JsonSerializer.Deserialize(l, JsonLogContext.Default.JsonLogEntry)!).ToList();

    [Fact]
    public void Each_line_is_one_entry_with_its_newline_and_stream()
    {
        using (var log = Writer())
        {
            log.Write(StdStream.Stdout, "one\ntw"u8);
            log.Write(StdStream.Stderr, "err\n"u8);
            log.Write(StdStream.Stdout, "o\n\n"u8);
        }
        var entries = Read(LogPath);
        Assert.Equal(["one\n", "err\n", "two\n", "\n"], entries.Select(e => e.Log));
        Assert.Equal(["stdout", "stderr", "stdout", "stdout"], entries.Select(e => e.Stream));
    }

    [Fact]
    public void The_file_is_Dockers_format_field_for_field()
    {
        using (var log = Writer())
            log.Write(StdStream.Stdout, "héllo \"<x>\"\n"u8);
        string line = File.ReadAllLines(LogPath).Single();
        Assert.Equal("""{"log":"héllo \"<x>\"\n","stream":"stdout","time":"2026-11-23T11:46:15.001Z"}""", line);
    }

    [Fact]
    public void Output_without_a_final_newline_is_a_partial_entry_when_the_stream_ends()
    {
        using (var log = Writer())
        {
            log.Write(StdStream.Stdout, "done\nno newline"u8);
            log.Write(StdStream.Stderr, "still open"u8);
            log.EndStream(StdStream.Stdout);
        }
        var entries = Read(LogPath);
        Assert.Equal(["done\n", "no newline"], entries.Select(e => e.Log));
        Assert.False(entries[1].IsCompleteLine);
    }

    [Fact]
    public void A_line_over_16_KiB_is_cut_into_16_KiB_partial_entries_sharing_one_timestamp()
    {
        string longLine = new string('a', 16 * 1024) + new string('b', 16 * 1024) + "ccc";
        using (var log = Writer())
        {
            // Arrives in odd-sized chunks, as pipe reads do.
            byte[] bytes = Encoding.ASCII.GetBytes(longLine + "\nnext\n");
            for (int i = 0; i < bytes.Length; i += 5000)
                log.Write(StdStream.Stdout, bytes.AsSpan(i, Math.Min(5000, bytes.Length - i)));
        }
        var entries = Read(LogPath);
        Assert.Equal([new string('a', 16 * 1024), new string('b', 16 * 1024), "ccc\n", "next\n"], entries.Select(e => e.Log));
        Assert.Equal(entries[0].Time, entries[1].Time);
        Assert.Equal(entries[0].Time, entries[2].Time);
        Assert.NotEqual(entries[0].Time, entries[3].Time);
    }

    [Fact]
    public void A_line_of_exactly_16_KiB_is_one_partial_entry_then_its_newline_alone()
    {
        // Docker's copier reads at most 16 KiB: the newline arrives after the buffer was full.
        using (var log = Writer())
            log.Write(StdStream.Stdout, Encoding.ASCII.GetBytes(new string('x', 16 * 1024) + "\n"));
        Assert.Equal([new string('x', 16 * 1024), "\n"], Read(LogPath).Select(e => e.Log));
    }

    [Fact]
    public void Invalid_UTF8_is_replaced_not_dropped()
    {
        using (var log = Writer())
            log.Write(StdStream.Stdout, [(byte)'a', 0xff, (byte)'b', (byte)'\n']);
        Assert.Equal("a\uFFFDb\n", Read(LogPath).Single().Log);
    }

    [Fact]
    public void Reaching_max_size_rotates_to_numbered_files_and_drops_the_oldest()
    {
        // Each entry is 64 bytes: {"log":"lineNN-padding\n","stream":"stdout","time":"...001Z"}
        using (var log = Writer(maxSize: 200, maxFiles: 3))
            for (int i = 0; i < 20; i++)
                log.Write(StdStream.Stdout, Encoding.ASCII.GetBytes($"line{i:D2}\n"));

        Assert.True(File.Exists(LogPath + ".1"));
        Assert.True(File.Exists(LogPath + ".2"));
        Assert.False(File.Exists(LogPath + ".3"));
        var current = Read(LogPath);
        var previous = Read(LogPath + ".1");
        var oldest = Read(LogPath + ".2");
        // Newest last, no gaps between files, and the first lines were dropped.
        var kept = oldest.Concat(previous).Concat(current).Select(e => e.Log).ToList();
        Assert.Equal(Enumerable.Range(20 - kept.Count, kept.Count).Select(i => $"line{i:D2}\n"), kept);
        Assert.True(kept.Count < 20);
        // Docker rotates once a file has reached max-size: at most one entry beyond it.
        foreach (string file in new[] { LogPath + ".1", LogPath + ".2" })
        {
            long size = new FileInfo(file).Length;
            long lastEntry = File.ReadAllLines(file)[^1].Length + 1;
            Assert.True(size >= 200 && size - lastEntry < 200, $"{file} is {size} bytes");
        }
    }

    [Fact]
    public void With_max_file_1_the_log_is_truncated_and_restarted()
    {
        using (var log = Writer(maxSize: 200, maxFiles: 1))
            for (int i = 0; i < 20; i++)
                log.Write(StdStream.Stdout, Encoding.ASCII.GetBytes($"line{i:D2}\n"));

        Assert.False(File.Exists(LogPath + ".1"));
        var entries = Read(LogPath);
        Assert.True(entries.Count < 20);
        Assert.Equal("line19\n", entries[^1].Log);
        Assert.True(new FileInfo(LogPath).Length < 200 + 100);
    }

    [Fact]
    public void An_existing_log_is_appended_to_and_counts_toward_max_size()
    {
        using (var log = Writer())
            log.Write(StdStream.Stdout, "first run\n"u8);
        using (var log = Writer(maxSize: 10, maxFiles: 2))
            log.Write(StdStream.Stdout, "second run\n"u8);
        Assert.Equal(["first run\n"], Read(LogPath + ".1").Select(e => e.Log));
        Assert.Equal(["second run\n"], Read(LogPath).Select(e => e.Log));
    }
}
