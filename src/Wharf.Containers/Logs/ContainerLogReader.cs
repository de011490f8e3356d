using System.Runtime.CompilerServices;

namespace Wharf.Containers;

/// <summary>
/// Reads a container's json-file log as `docker logs` does: the entries of the rotated files
/// (LOG.N … LOG.1, oldest first) and of LOG, the last N of them, from a time, to a time, of the
/// chosen streams; and with follow, the entries appended afterwards — woken by inotify, across
/// rotations — until the container has stopped and the log is drained. A line that is not a
/// valid entry is skipped.
/// </summary>
public sealed class ContainerLogReader(string logPath)
{
    private const int MaxRotatedFiles = 10_000;

    public string LogPath { get; } = Path.GetFullPath(logPath);

    public async IAsyncEnumerable<LogEntry> ReadAsync(LogReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var filter = new EntryFilter(options);
        var signal = new ChangeSignal();
        // No directory, no log: following then only waits for the stop (or the cancellation).
        using var watcher = options.Follow && Directory.Exists(Path.GetDirectoryName(LogPath)) ? Watch(signal) : null;

        // Open the whole chain first (oldest to newest), so a rotation while reading cannot
        // shift names under us; a file seen twice (renamed between two opens) is read once.
        var chain = OpenChain();
        var follower = new Follower(this, filter, chain.Count > 0 && chain[^1].Path == LogPath ? chain[^1].File : null);
        try
        {
            var starts = TailStarts(chain, options.Tail);
            for (int i = 0; i < chain.Count; i++)
            {
                if (starts[i] is not { } start) continue;
                var file = chain[i].File;
                file.Seek(start);
                foreach (byte[] line in await file.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
                {
                    var verdict = filter.Check(line, out var entry);
                    if (verdict == Verdict.Stop) yield break;
                    if (verdict == Verdict.Emit) yield return entry;
                }
            }
            if (!options.Follow) yield break;

            var stopped = options.Stopped ?? Task.Delay(Timeout.Infinite, cancellationToken);
            var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
            while (true)
            {
                var changed = signal.Arm();
                bool stopping = stopped.IsCompleted; // decided before the last read: all written before the stop is read
                var (entries, stop) = await follower.StepAsync(cancellationToken).ConfigureAwait(false);
                foreach (var entry in entries) yield return entry;
                if (stop || stopping) yield break;
                await Task.WhenAny(changed, stopped, cancelled).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            foreach (var (_, file) in chain) file.Dispose();
            follower.Dispose();
        }
    }

    /// <summary>LOG.N … LOG.1, LOG that exist, opened oldest first.</summary>
    private List<(string Path, LogFile File)> OpenChain()
    {
        var paths = new List<string>();
        for (int i = 1; i <= MaxRotatedFiles && File.Exists($"{LogPath}.{i}"); i++) paths.Add($"{LogPath}.{i}");
        paths.Reverse();
        paths.Add(LogPath);
        var chain = new List<(string, LogFile)>();
        var seen = new HashSet<(ulong, ulong)>();
        foreach (string path in paths)
        {
            var file = LogFile.TryOpen(path);
            if (file is null) continue;
            if (!seen.Add(file.Identity))
            {
                file.Dispose();
                continue;
            }
            chain.Add((path, file));
        }
        return chain;
    }

    /// <summary>Where each file's reading starts (null: not at all) so that the last <paramref name="tail"/> entries are read.</summary>
    private static long?[] TailStarts(List<(string Path, LogFile File)> chain, int tail)
    {
        var starts = new long?[chain.Count];
        if (tail < 0)
        {
            for (int i = 0; i < chain.Count; i++) starts[i] = 0;
            return starts;
        }
        int remaining = tail;
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            var file = chain[i].File;
            long end = file.Length;
            if (remaining == 0)
            {
                // Only the current file is followed from its end; older ones are not read at all.
                if (i == chain.Count - 1) starts[i] = file.CompleteEnd(end);
                continue;
            }
            var (offset, found) = file.TailStart(end, remaining);
            starts[i] = offset;
            remaining -= found;
        }
        return starts;
    }

    /// <summary>The rotated files newer than the one that was <paramref name="followed"/>, oldest first.</summary>
    private IEnumerable<string> MissedRotations((ulong, ulong) followed)
    {
        var newer = new List<string>();
        for (int i = 1; i <= MaxRotatedFiles; i++)
        {
            string path = $"{LogPath}.{i}";
            var identity = LogFile.IdentityAt(path);
            if (identity is null || identity == followed) break;
            newer.Add(path);
        }
        newer.Reverse();
        return newer;
    }

    private FileSystemWatcher Watch(ChangeSignal signal)
    {
        var watcher = new FileSystemWatcher(Path.GetDirectoryName(LogPath)!)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            IncludeSubdirectories = false,
        };
        watcher.Changed += (_, _) => signal.Set();
        watcher.Created += (_, _) => signal.Set();
        watcher.Renamed += (_, _) => signal.Set();
        watcher.Deleted += (_, _) => signal.Set();
        watcher.Error += (_, _) => signal.Set(); // an overflow lost events: look anyway
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>
    /// Follows LOG: the lines appended to the file it has open; when LOG is another file (a
    /// rotation), the rest of the old one, the rotated files it missed, then the new LOG.
    /// </summary>
    private sealed class Follower(ContainerLogReader reader, EntryFilter filter, LogFile? current) : IDisposable
    {
        private LogFile? _current = current;

        public async Task<(List<LogEntry> Entries, bool Stop)> StepAsync(CancellationToken cancellationToken)
        {
            var entries = new List<LogEntry>();
            while (true)
            {
                if (_current is not null && await CollectAsync(_current, entries, cancellationToken).ConfigureAwait(false)) return (entries, true);
                var now = LogFile.IdentityAt(reader.LogPath);
                if (now is null || (_current is not null && now == _current.Identity)) return (entries, false);
                if (_current is not null)
                {
                    foreach (string missed in reader.MissedRotations(_current.Identity))
                    {
                        using var rotated = LogFile.TryOpen(missed);
                        if (rotated is not null && await CollectAsync(rotated, entries, cancellationToken).ConfigureAwait(false)) return (entries, true);
                    }
                    _current.Dispose();
                }
                _current = LogFile.TryOpen(reader.LogPath);
                if (_current is null) return (entries, false);
            }
        }

        /// <returns>true when an entry past "until" ends the reading.</returns>
        private async Task<bool> CollectAsync(LogFile file, List<LogEntry> entries, CancellationToken cancellationToken)
        {
            foreach (byte[] line in await file.ReadLinesAsync(cancellationToken).ConfigureAwait(false))
            {
                var verdict = filter.Check(line, out var entry);
                if (verdict == Verdict.Stop) return true;
                if (verdict == Verdict.Emit) entries.Add(entry);
            }
            return false;
        }

        public void Dispose() => _current?.Dispose();
    }

    private enum Verdict { Skip, Emit, Stop }

    /// <summary>Docker's forwarder: since (until the first entry at or after it), until, and the stream selection.</summary>
    private sealed class EntryFilter(LogReadOptions options)
    {
        private long? _since = options.Since is { } s ? (s.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 : null;
        private readonly long? _until = options.Until is { } u ? (u.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 : null;

        public Verdict Check(byte[] line, out LogEntry entry)
        {
            entry = default;
            if (JsonLogLine.Decode(line) is not { } decoded) return Verdict.Skip;
            entry = decoded;
            if (_since is { } since)
            {
                if (entry.UnixNanoseconds < since) return Verdict.Skip;
                _since = null; // timestamps need not be monotonic: later entries are not checked
            }
            if (_until is { } until && entry.UnixNanoseconds > until) return Verdict.Stop;
            bool wanted = entry.Stream == LogStream.Stdout ? options.Stdout : options.Stderr;
            return wanted ? Verdict.Emit : Verdict.Skip;
        }
    }
}
