using System.Globalization;
using System.Text.Json;

namespace Wharf.Cli.Progress;

/// <summary>A stream message with an errorDetail: the operation failed (build uses the code as exit status).</summary>
internal sealed class JsonMessageError(string message, int code) : Exception(message)
{
    public int Code { get; } = code;
}

/// <summary>
/// moby's DisplayJSONMessagesStream: prints a JSON message stream. On a terminal each id (a
/// layer) keeps one line that is redrawn in place with cursor moves; elsewhere progress updates
/// are skipped and only status lines print. "aux" messages go to a callback, never to the
/// screen; an errorDetail ends the stream with <see cref="JsonMessageError"/>.
/// </summary>
internal sealed class JsonMessageRenderer
{
    /// <summary>A single message larger than this is not a progress message.</summary>
    private const int MaxMessage = 16 << 20;

    private readonly TextWriter _output;
    private readonly bool _isTerminal;
    private readonly Func<int> _width;
    private readonly Func<DateTimeOffset> _now;
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    /// <param name="width">The terminal's width (moby asks the terminal, 200 when it cannot tell).</param>
    public JsonMessageRenderer(TextWriter output, bool isTerminal, Func<int>? width = null, Func<DateTimeOffset>? now = null)
    {
        _output = output;
        _isTerminal = isTerminal;
        _width = width ?? (() => 200);
        _now = now ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>Called with each message's "aux" value (build's image ID, push's digest).</summary>
    public Action<JsonElement>? OnAux { get; init; }

    public async Task RenderAsync(Stream input, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[16 * 1024];
        int start = 0, end = 0;
        while (true)
        {
            // Take every complete JSON value out of the buffer.
            while (TryTakeValue(buffer.AsSpan(start, end - start), out int consumed, out JsonMessage? message))
            {
                start += consumed;
                if (message is not null) Display(message);
            }
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length)
            {
                if (buffer.Length >= MaxMessage) throw new CliError("a progress message from the daemon is too large");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            int read = await input.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            end += read;
        }
        ReadOnlySpan<byte> rest = buffer.AsSpan(0, end).Trim(" \t\r\n"u8);
        if (!rest.IsEmpty) throw new CliError("unexpected EOF");
        _output.Flush();
    }

    /// <summary>Finds one complete JSON value at the start of <paramref name="data"/> (after whitespace).</summary>
    private static bool TryTakeValue(ReadOnlySpan<byte> data, out int consumed, out JsonMessage? message)
    {
        message = null;
        consumed = 0;
        var reader = new Utf8JsonReader(data, isFinalBlock: false, default);
        try
        {
            if (!reader.Read()) return false;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip()) return false;
        }
        catch (JsonException e)
        {
            throw new CliError($"invalid character in the daemon's progress stream: {e.Message}");
        }
        consumed = (int)reader.BytesConsumed;
        using JsonDocument document = JsonDocument.Parse(data[..consumed].ToArray());
        try
        {
            message = JsonMessage.Parse(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new CliError($"invalid progress message from the daemon: {e.Message}");
        }
        return true;
    }

    public void Display(JsonMessage message)
    {
        if (message.Aux is JsonElement aux)
        {
            OnAux?.Invoke(aux);
            return;
        }
        int diff = 0;
        if (message.Id.Length > 0 && (message.Progress is not null || message.ProgressMessage.Length > 0))
        {
            if (!_lines.TryGetValue(message.Id, out int line))
            {
                // A new id takes a new line below the others.
                line = _lines.Count;
                _lines[message.Id] = line;
                if (_isTerminal) _output.Write('\n');
            }
            diff = _lines.Count - line;
            if (_isTerminal) CursorUp(diff);
        }
        else
        {
            // Anything else ends the block of lines being redrawn.
            _lines.Clear();
        }
        Exception? error = Write(message);
        if (message.Id.Length > 0 && _isTerminal) CursorDown(diff);
        if (error is not null) throw error;
    }

    /// <summary>JSONMessage.Display.</summary>
    private Exception? Write(JsonMessage m)
    {
        if (m.Error is (int code, string text)) return new JsonMessageError(text, code);
        string endOfLine = "";
        if (_isTerminal && m.Stream.Length == 0 && m.Progress is not null)
        {
            _output.Write("\x1b[2K");
            endOfLine = "\r";
            _output.Write(endOfLine);
        }
        else if (m.Progress is not null && m.Progress.Render(_width(), _now()).Length > 0)
        {
            return null; // no progress bars when not on a terminal
        }
        if (m.TimeNano != 0) _output.Write(Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(m.TimeNano / 1_000_000).AddTicks(m.TimeNano % 1_000_000 / 100)) + " ");
        else if (m.Time != 0) _output.Write(Timestamp(DateTimeOffset.FromUnixTimeSeconds(m.Time)) + " ");
        if (m.Id.Length > 0) _output.Write(m.Id + ": ");
        if (m.From.Length > 0) _output.Write("(from " + m.From + ") ");
        if (m.Progress is not null && _isTerminal) _output.Write(m.Status + " " + m.Progress.Render(_width(), _now()) + endOfLine);
        else if (m.ProgressMessage.Length > 0) _output.Write(m.Status + " " + m.ProgressMessage + endOfLine);
        else if (m.Stream.Length > 0) _output.Write(m.Stream + endOfLine);
        else _output.Write(m.Status + endOfLine + "\n");
        return null;
    }

    /// <summary>moby's RFC3339NanoFixed in local time: "2006-01-02T15:04:05.000000000Z07:00".</summary>
    private static string Timestamp(DateTimeOffset time)
    {
        DateTimeOffset local = time.ToLocalTime();
        string zone = local.Offset == TimeSpan.Zero ? "Z" : local.ToString("zzz", CultureInfo.InvariantCulture);
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00" + zone;
    }

    private void CursorUp(int lines)
    {
        if (lines > 0) _output.Write($"\x1b[{lines}A");
    }

    private void CursorDown(int lines)
    {
        if (lines > 0) _output.Write($"\x1b[{lines}B");
    }
}
