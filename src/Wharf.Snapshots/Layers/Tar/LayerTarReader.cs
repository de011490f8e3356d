using System.Buffers;
using System.Text;

namespace Wharf.Snapshots.Layers.Tar;

/// <summary>
/// Reads a tar stream entry by entry (ustar, PAX, GNU and v7 headers), streaming file content.
/// Its own reader rather than System.Formats.Tar because PAX values must stay bytes (binary
/// xattrs such as security.capability) and every header a hostile archive sends must be bounded.
/// Archive-level problems throw <see cref="Core.WharfException"/> (InvalidArgument).
/// </summary>
internal sealed class LayerTarReader(Stream stream, LayerLimits limits)
{
    private const int BlockSize = 512;

    private readonly byte[] _block = new byte[BlockSize];
    private long _dataLeft;
    private long _paddingLeft;
    private long _offset;
    private int _entries;
    private bool _ended;

    /// <summary>The next entry, or null at the end of the archive. Unread content of the previous entry is skipped.</summary>
    public async ValueTask<TarEntry?> NextAsync(CancellationToken cancellationToken)
    {
        if (_ended) return null;
        await SkipAsync(_dataLeft + _paddingLeft, cancellationToken).ConfigureAwait(false);
        _dataLeft = _paddingLeft = 0;

        Dictionary<string, byte[]>? pax = null;
        string? longName = null, longLink = null;
        while (true)
        {
            long headerOffset = _offset;
            // The end marker is required, although Go's reader accepts a clean stop without it:
            // GZipStream does not report a truncated gzip stream, so the marker is the only proof
            // that the whole layer arrived.
            if (!await ReadBlockAsync(cancellationToken).ConfigureAwait(false))
                throw _offset == 0 ? LayerError.Archive("layer is empty (not even a tar end marker)") : Truncated();
            if (_block.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                _ended = true;
                return null;
            }
            VerifyChecksum(headerOffset);

            char type = (char)_block[156];
            long size = Number(124, 12, "size");
            if (size < 0) throw LayerError.Archive($"negative size in the tar header at offset {headerOffset}");
            switch (type)
            {
                case 'x':
                    pax = PaxRecords.Parse(await ReadHeaderDataAsync(size, cancellationToken).ConfigureAwait(false));
                    continue;
                case 'g':
                    // Global PAX headers are ignored, as Docker and containerd ignore them.
                    await ReadHeaderDataAsync(size, cancellationToken).ConfigureAwait(false);
                    continue;
                case 'L':
                    longName = CString(await ReadHeaderDataAsync(size, cancellationToken).ConfigureAwait(false));
                    continue;
                case 'K':
                    longLink = CString(await ReadHeaderDataAsync(size, cancellationToken).ConfigureAwait(false));
                    continue;
            }

            if (++_entries > limits.MaxEntries)
                throw LayerError.Archive($"more than {limits.MaxEntries} entries");
            var entry = BuildEntry(type, size, pax, longName, longLink);
            _dataLeft = entry.Size;
            _paddingLeft = Padding(entry.Size);
            return entry;
        }
    }

    /// <summary>Copies the current entry's content to <paramref name="destination"/>, streaming.</summary>
    public async ValueTask CopyDataAsync(Stream destination, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            while (_dataLeft > 0)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, _dataLeft)), cancellationToken).ConfigureAwait(false);
                if (read == 0) throw Truncated();
                _dataLeft -= read;
                _offset += read;
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private TarEntry BuildEntry(char type, long headerSize, Dictionary<string, byte[]>? pax, string? longName, string? longLink)
    {
        bool ustar = _block.AsSpan(257, 6).SequenceEqual("ustar\0"u8);
        string name = longName ?? Text(0, 100);
        if (longName is null && ustar && _block[345] != 0) name = Text(345, 155) + "/" + name;
        string link = longLink ?? Text(157, 100);
        long size = headerSize;
        long uid = Number(108, 8, "uid"), gid = Number(116, 8, "gid");
        var modTime = new TarTime(Number(136, 12, "mtime"), 0);
        var xattrs = new List<KeyValuePair<string, byte[]>>();

        if (pax is not null)
        {
            foreach (var (key, value) in pax)
            {
                if (key.StartsWith(PaxRecords.GnuSparsePrefix, StringComparison.Ordinal))
                    throw LayerError.Entry(name, "GNU sparse files are not supported");
                if (key.StartsWith(PaxRecords.XattrPrefix, StringComparison.Ordinal))
                {
                    xattrs.Add(new(CheckXattr(name, key[PaxRecords.XattrPrefix.Length..], value), value));
                    continue;
                }
                if (value.Length == 0) continue; // an empty value unsets the record
                switch (key)
                {
                    case PaxRecords.Path: name = Encoding.UTF8.GetString(value); break;
                    case PaxRecords.LinkPath: link = Encoding.UTF8.GetString(value); break;
                    case PaxRecords.Size: size = PaxRecords.ParseDecimal(value) ?? throw BadPax(name, key); break;
                    case PaxRecords.Uid: uid = PaxRecords.ParseDecimal(value) ?? throw BadPax(name, key); break;
                    case PaxRecords.Gid: gid = PaxRecords.ParseDecimal(value) ?? throw BadPax(name, key); break;
                    case PaxRecords.ModTime: modTime = PaxRecords.ParseTime(value) ?? throw BadPax(name, key); break;
                }
            }
        }

        var kind = type switch
        {
            '0' or '7' => TarEntryKind.RegularFile,
            '\0' => name.EndsWith('/') ? TarEntryKind.Directory : TarEntryKind.RegularFile,
            '1' => TarEntryKind.HardLink,
            '2' => TarEntryKind.SymbolicLink,
            '3' => TarEntryKind.CharacterDevice,
            '4' => TarEntryKind.BlockDevice,
            '5' => TarEntryKind.Directory,
            '6' => TarEntryKind.Fifo,
            _ => throw LayerError.Entry(name, $"unsupported tar entry type '{LayerError.Show(type.ToString())}'"),
        };
        return new TarEntry
        {
            Kind = kind,
            Name = name,
            LinkName = link,
            Mode = (uint)(Number(100, 8, "mode") & 0xfff),
            Uid = Id(name, "uid", uid),
            Gid = Id(name, "gid", gid),
            // Only regular files carry content; other types' size fields are ignored, as Go's reader does.
            Size = kind == TarEntryKind.RegularFile ? size : 0,
            ModTime = modTime,
            DevMajor = Device(name, Number(329, 8, "devmajor")),
            DevMinor = Device(name, Number(337, 8, "devminor")),
            Xattrs = xattrs,
        };
    }

    private string CheckXattr(string entry, string name, byte[] value)
    {
        if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > 255 || name.Contains('\0') || !name.Contains('.'))
            throw LayerError.Entry(entry, $"invalid extended attribute name \"{LayerError.Show(name)}\"");
        if (value.Length > limits.MaxXattrValueBytes)
            throw LayerError.Entry(entry, $"extended attribute {name} is {value.Length} bytes, more than {limits.MaxXattrValueBytes}");
        return name;
    }

    private static uint Id(string entry, string what, long value) =>
        value is >= 0 and < uint.MaxValue ? (uint)value : throw LayerError.Entry(entry, $"{what} {value} is out of range");

    private static uint Device(string entry, long value) =>
        value is >= 0 and <= uint.MaxValue ? (uint)value : throw LayerError.Entry(entry, $"device number {value} is out of range");

    private static Core.WharfException BadPax(string entry, string key) => LayerError.Entry(entry, $"invalid PAX {key} record");

    private long Number(int offset, int length, string field) =>
        TarNumber.Parse(_block.AsSpan(offset, length)) ?? throw LayerError.Archive($"invalid {field} field in the tar header at offset {_offset - BlockSize}");

    private string Text(int offset, int length)
    {
        var field = _block.AsSpan(offset, length);
        int end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static string CString(byte[] data)
    {
        int end = Array.IndexOf(data, (byte)0);
        return Encoding.UTF8.GetString(data, 0, end < 0 ? data.Length : end);
    }

    private void VerifyChecksum(long headerOffset)
    {
        long stored = TarNumber.Parse(_block.AsSpan(148, 8)) ?? -1;
        long unsigned = 0, signed = 0;
        for (int i = 0; i < BlockSize; i++)
        {
            byte b = i is >= 148 and < 156 ? (byte)' ' : _block[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        // Old tars summed signed bytes; both are accepted, as GNU tar and Go do.
        if (stored != unsigned && stored != signed)
            throw LayerError.Archive(headerOffset == 0
                ? "not a tar archive (bad header checksum)"
                : $"bad tar header checksum at offset {headerOffset}");
    }

    private async ValueTask<byte[]> ReadHeaderDataAsync(long size, CancellationToken cancellationToken)
    {
        if (size > limits.MaxHeaderBytes)
            throw LayerError.Archive($"extended tar header of {size} bytes, more than {limits.MaxHeaderBytes}");
        var data = new byte[size];
        int read = await stream.ReadAtLeastAsync(data, data.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        _offset += read;
        if (read < data.Length) throw Truncated();
        await SkipAsync(Padding(size), cancellationToken).ConfigureAwait(false);
        return data;
    }

    /// <summary>Reads one header block; false at the end of the stream, truncation error on a partial block.</summary>
    private async ValueTask<bool> ReadBlockAsync(CancellationToken cancellationToken)
    {
        int read = await stream.ReadAtLeastAsync(_block, BlockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        _offset += read;
        if (read == 0) return false;
        return read == BlockSize ? true : throw Truncated();
    }

    private async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        if (count <= 0) return;
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(count, 128 * 1024));
        try
        {
            while (count > 0)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
                if (read == 0) throw Truncated();
                count -= read;
                _offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long Padding(long size) => (BlockSize - size % BlockSize) % BlockSize;

    private Core.WharfException Truncated() => LayerError.Archive($"tar stream is truncated (ends at byte {_offset})");
}
