using System.Globalization;

namespace Wharf.Containers;

/// <summary>Which of the container's output streams an entry came from.</summary>
public enum LogStream
{
    Stdout,
    Stderr,
}

/// <summary>
/// One json-file log entry: a line (or, without a trailing newline, a part of one) the
/// container wrote, with the time the shim read it, kept to the nanosecond as the file has it.
/// </summary>
public readonly record struct LogEntry(LogStream Stream, long UnixNanoseconds, ReadOnlyMemory<byte> Line)
{
    /// <summary>The time, to the 100 ns a DateTimeOffset holds.</summary>
    public DateTimeOffset Time => DateTimeOffset.UnixEpoch.AddTicks(UnixNanoseconds / 100);

    /// <summary>A part of a longer line (cut at 16 KiB, or at the end of the stream).</summary>
    public bool IsPartial => Line.Length == 0 || Line.Span[^1] != (byte)'\n';

    /// <summary>The time as Go's RFC3339Nano writes it (`docker logs -t`): trailing zeros of the fraction dropped.</summary>
    public string FormatTime()
    {
        long seconds = Math.DivRem(UnixNanoseconds, 1_000_000_000, out long nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000;
        }
        string whole = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (nanos == 0) return whole + "Z";
        return whole + "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0') + "Z";
    }
}

/// <summary>What `docker logs` asks for.</summary>
public sealed record LogReadOptions
{
    /// <summary>The last N entries (counted over both streams, before the stream selection, as Docker counts); negative for all.</summary>
    public int Tail { get; init; } = -1;

    /// <summary>Skip entries before this time (until the first that is not: later ones are not checked, as in Docker).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Stop at the first entry after this time.</summary>
    public DateTimeOffset? Until { get; init; }

    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;

    /// <summary>Keep reading as entries are appended, until <see cref="Stopped"/> completes and the log is drained.</summary>
    public bool Follow { get; init; }

    /// <summary>For <see cref="Follow"/>: completes when the container has stopped (its shim has written everything).</summary>
    public Task? Stopped { get; init; }
}
