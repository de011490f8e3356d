namespace Wharf.Cli.Terminal;

/// <summary>
/// Reads stdin and watches for the detach sequence (moby/term's escape proxy): the keys are held
/// back while they match, swallowed when the whole sequence arrived (the next read then throws
/// <see cref="DetachRequested"/>), and handed on when the match breaks.
/// </summary>
internal sealed class DetachKeyProxy : Stream
{
    private readonly Stream _inner;
    private readonly byte[] _keys;
    private int _matched;
    private byte[] _carry = [];

    public DetachKeyProxy(Stream inner, byte[] keys)
    {
        _inner = inner;
        _keys = keys;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadCore(buffer.AsMemory(offset, count), sync: true, default).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ReadCore(buffer, sync: false, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadCore(buffer.AsMemory(offset, count), sync: false, cancellationToken).AsTask();

    private async ValueTask<int> ReadCore(Memory<byte> buffer, bool sync, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_keys.Length > 0 && _matched == _keys.Length) throw new DetachRequested();
            int n = 0;
            if (_carry.Length > 0)
            {
                n = Math.Min(_carry.Length, buffer.Length);
                _carry.AsMemory(0, n).CopyTo(buffer);
                _carry = _carry[n..];
            }
            int read = sync
                ? _inner.Read(buffer.Span[n..])
                : await _inner.ReadAsync(buffer[n..], cancellationToken).ConfigureAwait(false);
            n += read;
            if (_keys.Length == 0) return n;

            int result = Scan(buffer.Span, n);
            if (_matched == _keys.Length && result == 0) throw new DetachRequested();
            // A read whose bytes were all held back as a possible sequence is not an EOF: read on.
            if (result > 0 || read == 0) return result;
        }
    }

    /// <summary>moby's matching loop over the <paramref name="n"/> bytes in <paramref name="buffer"/>.</summary>
    private int Scan(Span<byte> buffer, int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (buffer[i] == _keys[_matched])
            {
                _matched++;
                if (_matched == _keys.Length) return Math.Max(0, i + 1 - _matched);
                continue;
            }
            if (i < _matched)
            {
                // The start of the sequence came in an earlier read and was held back: it was
                // input after all, so put it in front (what does not fit waits for the next read).
                byte[] preserve = [.. _keys.AsSpan(0, _matched), .. buffer[..n]];
                n = Math.Min(preserve.Length, buffer.Length);
                preserve.AsSpan(0, n).CopyTo(buffer);
                i += _matched;
                _carry = [.. _carry, .. preserve.AsSpan(n)];
            }
            _matched = 0;
        }
        return Math.Max(0, n - _matched);
    }

    public override bool CanRead => true;
    public override bool CanWrite => false;
    public override bool CanSeek => false;
    public override void Flush() { }
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
