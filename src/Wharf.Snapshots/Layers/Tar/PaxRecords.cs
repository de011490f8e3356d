using System.Globalization;
using System.Text;

namespace Wharf.Snapshots.Layers.Tar;

/// <summary>
/// PAX extended header records, "LENGTH KEY=VALUE\n". Values stay bytes: SCHILY.xattr values such as
/// security.capability are binary, which System.Formats.Tar would decode as UTF-8 and corrupt.
/// </summary>
internal static class PaxRecords
{
    public const string Path = "path";
    public const string LinkPath = "linkpath";
    public const string Size = "size";
    public const string Uid = "uid";
    public const string Gid = "gid";
    public const string ModTime = "mtime";
    public const string XattrPrefix = "SCHILY.xattr.";
    public const string GnuSparsePrefix = "GNU.sparse.";

    /// <summary>Parses a whole PAX header block; later records override earlier ones, as the standard says.</summary>
    public static Dictionary<string, byte[]> Parse(ReadOnlySpan<byte> data)
    {
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (!data.IsEmpty)
        {
            int space = data.IndexOf((byte)' ');
            if (space < 1 || space > 10 || !int.TryParse(data[..space], NumberStyles.None, CultureInfo.InvariantCulture, out int length)
                || length <= space + 2 || length > data.Length || data[length - 1] != (byte)'\n')
                throw LayerError.Archive("malformed PAX record");
            var record = data[(space + 1)..(length - 1)];
            int equals = record.IndexOf((byte)'=');
            if (equals < 1) throw LayerError.Archive("malformed PAX record");
            records[Encoding.UTF8.GetString(record[..equals])] = record[(equals + 1)..].ToArray();
            data = data[length..];
        }
        return records;
    }

    /// <summary>Appends one record; its length field counts itself, so the digits are settled by iteration.</summary>
    public static void Append(List<byte> block, string key, ReadOnlySpan<byte> value)
    {
        int body = Encoding.UTF8.GetByteCount(key) + value.Length + 3; // ' ', '=', '\n'
        int length = body + 1;
        while (length != body + length.ToString(CultureInfo.InvariantCulture).Length)
            length = body + length.ToString(CultureInfo.InvariantCulture).Length;
        block.AddRange(Encoding.ASCII.GetBytes(length.ToString(CultureInfo.InvariantCulture)));
        block.Add((byte)' ');
        block.AddRange(Encoding.UTF8.GetBytes(key));
        block.Add((byte)'=');
        foreach (byte b in value) block.Add(b);
        block.Add((byte)'\n');
    }

    public static long? ParseDecimal(byte[] value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;

    /// <summary>"seconds[.fraction]", possibly negative; the fraction is cut to nanoseconds.</summary>
    public static TarTime? ParseTime(byte[] value)
    {
        var text = value.AsSpan();
        bool negative = !text.IsEmpty && text[0] == (byte)'-';
        if (negative) text = text[1..];
        int dot = text.IndexOf((byte)'.');
        var whole = dot < 0 ? text : text[..dot];
        if (!long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)) return null;
        int nanos = 0;
        if (dot >= 0)
        {
            var fraction = text[(dot + 1)..];
            for (int i = 0; i < 9; i++)
            {
                byte digit = i < fraction.Length ? fraction[i] : (byte)'0';
                if (digit is < (byte)'0' or > (byte)'9') return null;
                nanos = nanos * 10 + (digit - '0');
            }
            foreach (byte digit in fraction) if (digit is < (byte)'0' or > (byte)'9') return null;
        }
        if (!negative) return new TarTime(seconds, nanos);
        // -1.25 is 1.25 s before the epoch: seconds -2, nanoseconds 750000000.
        return nanos == 0 ? new TarTime(-seconds, 0) : new TarTime(-seconds - 1, 1_000_000_000 - nanos);
    }
}
