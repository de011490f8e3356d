using Microsoft.Win32.SafeHandles;
using Wharf.Linux.Interop;

namespace Wharf.Containers;

/// <summary>
/// One open json-file log (the current one or a rotated one) and the complete lines read from it.
/// The file stays open, so a rotation (rename) does not stop the reading of what it holds.
/// </summary>
internal sealed class LogFile : IDisposable
{
    /// <summary>Longer lines are not entries the shim writes: they are skipped as corrupt.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    private readonly FileStream _stream;
    private byte[] _pending = new byte[64 * 1024];
    private int _pendingLength;
    private bool _skipping; // inside an overlong line, dropping bytes until its end

    private LogFile(FileStream stream, (ulong Device, ulong Inode) identity)
    {
        _stream = stream;
        Identity = identity;
    }

    public (ulong Device, ulong Inode) Identity { get; }

    public long Length => _stream.Length;

    public static LogFile? TryOpen(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return new LogFile(stream, IdentityOf(stream.SafeFileHandle));
    }

    /// <summary>The device and inode of the file at <paramref name="path"/> now, null when there is none.</summary>
    public static unsafe (ulong Device, ulong Inode)? IdentityAt(string path)
    {
        Libc.Statx stat;
        if (Libc.StatxAt(Libc.AT_FDCWD, path, 0, Libc.STATX_BASIC_STATS, &stat) != 0) return null;
        return (((ulong)stat.DevMajor << 32) | stat.DevMinor, stat.Ino);
    }

    public void Seek(long offset) => _stream.Position = offset;

    /// <summary>Reads what was appended and returns its complete lines (without their newlines); a trailing part waits for the rest.</summary>
    public async Task<List<byte[]>> ReadLinesAsync(CancellationToken cancellationToken)
    {
        var lines = new List<byte[]>();
        while (true)
        {
            if (_pendingLength == _pending.Length) Array.Resize(ref _pending, _pending.Length * 2);
            int n = await _stream.ReadAsync(_pending.AsMemory(_pendingLength), cancellationToken).ConfigureAwait(false);
            if (n == 0) return lines;
            int scanFrom = _pendingLength;
            _pendingLength += n;
            int start = 0;
            int newline;
            while ((newline = Array.IndexOf(_pending, (byte)'\n', scanFrom, _pendingLength - scanFrom)) >= 0)
            {
                if (!_skipping) lines.Add(_pending[start..newline]);
                _skipping = false;
                start = scanFrom = newline + 1;
            }
            Buffer.BlockCopy(_pending, start, _pending, 0, _pendingLength - start);
            _pendingLength -= start;
            if (_pendingLength > MaxLineBytes)
            {
                _skipping = true;
                _pendingLength = 0;
            }
        }
    }

    /// <summary>
    /// Where the last <paramref name="count"/> complete lines before <paramref name="end"/> start,
    /// and how many there are (fewer when the file holds fewer). Reads backwards in chunks.
    /// </summary>
    public (long Offset, int Found) TailStart(long end, int count)
    {
        if (count <= 0) return (end, 0);
        var buffer = new byte[64 * 1024];
        long position = end;
        int newlines = 0;
        bool sawLastTerminator = false;
        while (position > 0)
        {
            int size = (int)Math.Min(buffer.Length, position);
            position -= size;
            RandomAccess.Read(_stream.SafeFileHandle, buffer.AsSpan(0, size), position);
            for (int i = size - 1; i >= 0; i--)
            {
                if (buffer[i] != (byte)'\n') continue;
                if (!sawLastTerminator)
                {
                    // The last newline ends the last complete line; bytes after it are a line being written.
                    sawLastTerminator = true;
                    continue;
                }
                if (++newlines == count) return (position + i + 1, count);
            }
        }
        return (0, sawLastTerminator ? newlines + 1 : 0);
    }

    /// <summary>Where the complete lines end: just after the last newline before <paramref name="end"/>.</summary>
    public long CompleteEnd(long end)
    {
        var buffer = new byte[4096];
        long position = end;
        while (position > 0)
        {
            int size = (int)Math.Min(buffer.Length, position);
            position -= size;
            RandomAccess.Read(_stream.SafeFileHandle, buffer.AsSpan(0, size), position);
            int last = buffer.AsSpan(0, size).LastIndexOf((byte)'\n');
            if (last >= 0) return position + last + 1;
        }
        return 0;
    }

    public void Dispose() => _stream.Dispose();

    private static unsafe (ulong, ulong) IdentityOf(SafeFileHandle handle)
    {
        Libc.Statx stat;
        int fd = (int)handle.DangerousGetHandle();
        Libc.Check(Libc.StatxAt(fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &stat), "statx");
        return (((ulong)stat.DevMajor << 32) | stat.DevMinor, stat.Ino);
    }
}
