using System.Buffers;
using System.Text;

namespace Wharf.Snapshots.Layers.Tar;

/// <summary>
/// Writes a POSIX (ustar + PAX) tar deterministically: no atime/ctime, no user or group names,
/// whole-second mtimes, and a PAX header only when a field does not fit ustar, in sorted key
/// order. PAX values are bytes, so binary xattrs survive (System.Formats.Tar writes them as UTF-8).
/// </summary>
internal sealed class LayerTarWriter(Stream stream)
{
    private const int BlockSize = 512;
    private static readonly byte[] Zeros = new byte[2 * BlockSize];

    /// <summary>Writes the header and then exactly <see cref="TarEntry.Size"/> bytes of <paramref name="content"/>.</summary>
    public async ValueTask WriteAsync(TarEntry entry, Stream? content, CancellationToken cancellationToken)
    {
        var header = new byte[BlockSize];
        var pax = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

        if (!TryPutName(header, entry.Name)) pax[PaxRecords.Path] = Encoding.UTF8.GetBytes(entry.Name);
        if (!IsAscii(entry.LinkName) || entry.LinkName.Length > 100) pax[PaxRecords.LinkPath] = Encoding.UTF8.GetBytes(entry.LinkName);
        else Encoding.ASCII.GetBytes(entry.LinkName, header.AsSpan(157, 100));
        PutNumber(header, 100, 8, entry.Mode, null, pax);
        PutNumber(header, 108, 8, entry.Uid, PaxRecords.Uid, pax);
        PutNumber(header, 116, 8, entry.Gid, PaxRecords.Gid, pax);
        PutNumber(header, 124, 12, entry.Size, PaxRecords.Size, pax);
        PutNumber(header, 136, 12, entry.ModTime.Seconds, PaxRecords.ModTime, pax);
        header[156] = (byte)TypeFlag(entry.Kind);
        PutMagic(header);
        PutNumber(header, 329, 8, entry.DevMajor, null, pax);
        PutNumber(header, 337, 8, entry.DevMinor, null, pax);
        foreach (var (name, value) in entry.Xattrs) pax[PaxRecords.XattrPrefix + name] = value;

        if (pax.Count > 0) await WritePaxAsync(pax, cancellationToken).ConfigureAwait(false);
        SealChecksum(header);
        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        if (entry.Size > 0)
        {
            if (content is null) throw new ArgumentException("an entry with content needs a stream", nameof(content));
            await CopyExactlyAsync(content, entry.Size, entry.Name, cancellationToken).ConfigureAwait(false);
            int padding = (int)((BlockSize - entry.Size % BlockSize) % BlockSize);
            await stream.WriteAsync(Zeros.AsMemory(0, padding), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The end-of-archive marker: two zero blocks.</summary>
    public ValueTask FinishAsync(CancellationToken cancellationToken) => stream.WriteAsync(Zeros, cancellationToken);

    private async ValueTask WritePaxAsync(SortedDictionary<string, byte[]> records, CancellationToken cancellationToken)
    {
        var data = new List<byte>();
        foreach (var (key, value) in records) PaxRecords.Append(data, key, value);
        var header = new byte[BlockSize];
        "././@PaxHeader"u8.CopyTo(header);
        TarNumber.TryFormatOctal(0b110_100_100, header.AsSpan(100, 8));
        TarNumber.TryFormatOctal(0, header.AsSpan(108, 8));
        TarNumber.TryFormatOctal(0, header.AsSpan(116, 8));
        TarNumber.TryFormatOctal(data.Count, header.AsSpan(124, 12));
        TarNumber.TryFormatOctal(0, header.AsSpan(136, 12));
        header[156] = (byte)'x';
        PutMagic(header);
        SealChecksum(header);
        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(data.ToArray(), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(Zeros.AsMemory(0, (BlockSize - data.Count % BlockSize) % BlockSize), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts an ASCII name in name[100] or split over prefix[155]/name[100]; false when PAX must carry it.</summary>
    private static bool TryPutName(byte[] header, string name)
    {
        if (!IsAscii(name)) return false;
        if (name.Length <= 100)
        {
            Encoding.ASCII.GetBytes(name, header.AsSpan(0, 100));
            return true;
        }
        for (int slash = name.IndexOf('/'); slash >= 0; slash = name.IndexOf('/', slash + 1))
        {
            if (slash > 155) break;
            int rest = name.Length - slash - 1;
            if (slash == 0 || rest == 0 || rest > 100) continue;
            Encoding.ASCII.GetBytes(name.AsSpan(0, slash), header.AsSpan(345, 155));
            Encoding.ASCII.GetBytes(name.AsSpan(slash + 1), header.AsSpan(0, 100));
            return true;
        }
        // Keep a readable stand-in for readers without PAX support.
        Encoding.ASCII.GetBytes(name.AsSpan(0, 100), header.AsSpan(0, 100));
        return false;
    }

    private static void PutNumber(byte[] header, int offset, int length, long value, string? paxKey, SortedDictionary<string, byte[]> pax)
    {
        if (TarNumber.TryFormatOctal(value, header.AsSpan(offset, length))) return;
        if (paxKey is null) throw new ArgumentOutOfRangeException(nameof(value), value, "does not fit a tar header field");
        pax[paxKey] = Encoding.ASCII.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        TarNumber.TryFormatOctal(0, header.AsSpan(offset, length));
    }

    private static void PutMagic(byte[] header)
    {
        "ustar\0"u8.CopyTo(header.AsSpan(257, 6));
        "00"u8.CopyTo(header.AsSpan(263, 2));
    }

    private static void SealChecksum(byte[] header)
    {
        header.AsSpan(148, 8).Fill((byte)' ');
        long sum = 0;
        foreach (byte b in header) sum += b;
        TarNumber.TryFormatOctal(sum, header.AsSpan(148, 7));
        header[155] = (byte)' ';
    }

    private async ValueTask CopyExactlyAsync(Stream content, long size, string name, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            for (long left = size; left > 0;)
            {
                int read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                // The tar header already promised the size: a file that shrank cannot be written honestly.
                if (read == 0) throw new IOException($"{name} shrank while it was being archived");
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static char TypeFlag(TarEntryKind kind) => kind switch
    {
        TarEntryKind.RegularFile => '0',
        TarEntryKind.HardLink => '1',
        TarEntryKind.SymbolicLink => '2',
        TarEntryKind.CharacterDevice => '3',
        TarEntryKind.BlockDevice => '4',
        TarEntryKind.Directory => '5',
        TarEntryKind.Fifo => '6',
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static bool IsAscii(string text) => Ascii.IsValid(text) && !text.Contains('\0');
}
