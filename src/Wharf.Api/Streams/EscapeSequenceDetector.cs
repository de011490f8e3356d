using System.Buffers;

namespace Wharf.Api.Streams;

/// <summary>
/// Watches the bytes a stdin pump forwards for the detach key sequence. Bytes that cannot be part
/// of the sequence are forwarded at once; bytes that may begin it are held back; when the whole
/// sequence has arrived it is swallowed and <see cref="Feed"/> says "detach now"; when a partial
/// match fails, the held bytes are forwarded intact, in order. Unlike moby's escapeProxy (which
/// matches only single-byte reads) the sequence is recognised across and within reads of any size.
/// Not thread-safe: one per stdin stream.
/// </summary>
public sealed class EscapeSequenceDetector
{
    private readonly byte[] _keys;
    private int _matched;

    public EscapeSequenceDetector(ReadOnlyMemory<byte> keys)
    {
        if (keys.IsEmpty) throw new ArgumentException("the escape sequence is empty", nameof(keys));
        _keys = keys.ToArray();
    }

    /// <summary>How many bytes of the sequence are held back now.</summary>
    public int Pending => _matched;

    /// <summary>
    /// Processes <paramref name="input"/>: bytes to pass on are appended to <paramref name="forward"/>.
    /// Returns true when the sequence completed: the caller detaches; bytes after it are dropped.
    /// </summary>
    public bool Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        int start = 0; // first byte of input not yet forwarded or held
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            if (b == _keys[_matched])
            {
                if (_matched == 0)
                {
                    forward.Write(input[start..i]);
                }
                _matched++;
                start = i + 1;
                if (_matched == _keys.Length)
                {
                    _matched = 0;
                    return true;
                }
                continue;
            }
            if (_matched > 0)
            {
                // The held bytes were not the sequence after all: pass them on, then look at b afresh.
                forward.Write(_keys.AsSpan(0, _matched));
                _matched = 0;
                start = i;
                if (b == _keys[0])
                {
                    _matched = 1;
                    start = i + 1;
                    if (_keys.Length == 1)
                    {
                        _matched = 0;
                        return true;
                    }
                }
            }
        }
        if (_matched == 0) forward.Write(input[start..]);
        return false;
    }

    /// <summary>At the end of input: forwards the bytes held back by a partial match.</summary>
    public void Flush(IBufferWriter<byte> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        forward.Write(_keys.AsSpan(0, _matched));
        _matched = 0;
    }
}
