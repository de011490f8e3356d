using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wharf.Shim.Protocol;

namespace Wharf.Shim.Logs;

/// <summary>
/// Writes a container's output as Docker's json-file log: each stream cut into entries by a
/// <see cref="LogLineSplitter"/>, one JSON object per line, and rotation as Docker's
/// max-size/max-file do it: before an entry is written, a file that has reached max-size is
/// renamed to .1 (older ones shift up to .N-1, the oldest is dropped) and a new one started;
/// with max-file 1 the file is truncated instead. A file can thus exceed max-size by one entry.
/// Thread-safe (stdout and stderr are written from their own threads). A write error is
/// reported once and the output dropped: the log never stops the container.
/// </summary>
internal sealed class JsonLogWriter : IDisposable
{
    private const UnixFileMode FileMode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly long _maxSize;
    private readonly int _maxFiles;
    private readonly Action<string> _onError;
    private readonly ArrayBufferWriter<byte> _pending = new(4096);
    private readonly Utf8JsonWriter _json;
    private readonly LogLineSplitter _stdout, _stderr;
    private FileStream? _file;
    private long _size;
    private bool _failing;

    public JsonLogWriter(string path, long maxSize, int maxFiles, Func<DateTimeOffset>? clock = null, Action<string>? onError = null)
    {
        _path = path;
        _maxSize = maxSize;
        _maxFiles = Math.Max(1, maxFiles);
        _onError = onError ?? (_ => { });
        // Non-ASCII text stays UTF-8, as Docker writes it; only what JSON requires is escaped.
        _json = new Utf8JsonWriter(_pending, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        clock ??= () => DateTimeOffset.UtcNow;
        _stdout = new LogLineSplitter(clock, (text, time) => Append(JsonLogEntry.Stdout, text, time));
        _stderr = new LogLineSplitter(clock, (text, time) => Append(JsonLogEntry.Stderr, text, time));
        // At start an unusable log is an error the launcher reports; later ones are only logged.
        _file = new FileStream(path, Options(FileMode.Append));
        _size = _file.Length;
    }

    /// <summary>Logs a chunk of a stream's output (tty output is all <see cref="StdStream.Stdout"/>).</summary>
    public void Write(StdStream stream, ReadOnlySpan<byte> chunk)
    {
        lock (_gate)
        {
            Splitter(stream).Write(chunk);
            WritePending();
        }
    }

    /// <summary>The stream ended: its unterminated last line becomes a partial entry.</summary>
    public void EndStream(StdStream stream)
    {
        lock (_gate)
        {
            Splitter(stream).Flush();
            WritePending();
        }
    }

    private LogLineSplitter Splitter(StdStream stream) => stream == StdStream.Stderr ? _stderr : _stdout;

    private void Append(string stream, ReadOnlySpan<byte> text, DateTimeOffset time)
    {
        if (_maxSize > 0 && _size >= _maxSize)
        {
            WritePending();
            Rotate();
        }
        int before = _pending.WrittenCount;
        _json.Reset(_pending);
        _json.WriteStartObject();
        _json.WriteString("log"u8, Encoding.UTF8.GetString(text)); // invalid UTF-8 becomes U+FFFD, as in Docker
        _json.WriteString("stream"u8, stream);
        _json.WriteString("time"u8, Rfc3339NanoConverter.Format(time));
        _json.WriteEndObject();
        _json.Flush();
        _pending.Write("\n"u8);
        _size += _pending.WrittenCount - before;
    }

    private void WritePending()
    {
        if (_pending.WrittenCount == 0) return;
        try
        {
            _file?.Write(_pending.WrittenSpan);
            _failing = false;
        }
        catch (IOException e)
        {
            Fail($"writing {_path}: {e.Message}");
        }
        _pending.ResetWrittenCount();
    }

    private void Rotate()
    {
        _file?.Dispose();
        _file = null;
        try
        {
            if (_maxFiles > 1)
            {
                File.Delete($"{_path}.{_maxFiles - 1}");
                for (int i = _maxFiles - 1; i > 1; i--)
                    MoveIfExists($"{_path}.{i - 1}", $"{_path}.{i}");
                MoveIfExists(_path, _path + ".1");
            }
        }
        catch (IOException e)
        {
            Fail($"rotating {_path}: {e.Message}");
        }
        _file = Open(FileMode.Create);
        _size = 0;
    }

    private static void MoveIfExists(string from, string to)
    {
        if (File.Exists(from)) File.Move(from, to, overwrite: true);
    }

    private FileStream? Open(FileMode mode)
    {
        try
        {
            return new FileStream(_path, Options(mode));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"opening {_path}: {e.Message}");
            return null;
        }
    }

    private static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode0640; // Docker's mode for container logs
        return options;
    }

    private void Fail(string message)
    {
        if (_failing) return;
        _failing = true;
        _onError(message);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            WritePending();
            _file?.Dispose();
            _file = null;
            _json.Dispose();
        }
    }
}
