namespace Wharf.Shim.Logs;

/// <summary>
/// Cuts one output stream into log entries the way Docker's log copier does: a 16 KiB buffer;
/// every complete line is one entry (its "\n" kept); when the buffer fills without a newline
/// its content is one partial entry (no "\n"); what is left when the stream ends is a final
/// partial entry. The pieces of one long line share the first piece's timestamp, as Docker's do.
/// </summary>
internal sealed class LogLineSplitter(Func<DateTimeOffset> clock, LogLineSplitter.Emit emit, int bufferSize = LogLineSplitter.DefaultBufferSize)
{
    public const int DefaultBufferSize = 16 * 1024;

    /// <param name="text">the entry's bytes; a complete line ends with its "\n".</param>
    public delegate void Emit(ReadOnlySpan<byte> text, DateTimeOffset time);

    private readonly byte[] _buffer = new byte[bufferSize];
    private int _count;
    private DateTimeOffset? _partialTime;

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int take = Math.Min(data.Length, bufferSize - _count);
            data[..take].CopyTo(_buffer.AsSpan(_count));
            _count += take;
            data = data[take..];
            EmitBuffered(endOfStream: false);
        }
    }

    /// <summary>The stream ended: what is left goes out as a partial entry.</summary>
    public void Flush() => EmitBuffered(endOfStream: true);

    private void EmitBuffered(bool endOfStream)
    {
        int start = 0;
        int newline;
        while ((newline = _buffer.AsSpan(start, _count - start).IndexOf((byte)'\n')) >= 0)
        {
            var time = _partialTime ?? clock();
            _partialTime = null;
            emit(_buffer.AsSpan(start, newline + 1), time);
            start += newline + 1;
        }
        if (endOfStream || (start == 0 && _count == bufferSize))
        {
            if (start < _count)
            {
                _partialTime ??= clock();
                emit(_buffer.AsSpan(start, _count - start), _partialTime.Value);
                start = _count;
            }
        }
        if (start > 0)
        {
            _buffer.AsSpan(start, _count - start).CopyTo(_buffer);
            _count -= start;
        }
    }
}
