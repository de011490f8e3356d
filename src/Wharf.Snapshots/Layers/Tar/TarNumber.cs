namespace Wharf.Snapshots.Layers.Tar;

/// <summary>The numeric fields of a tar header: octal text, or GNU base-256 when the high bit is set.</summary>
internal static class TarNumber
{
    /// <summary>Parses a header field; null when it is malformed (the caller names the field).</summary>
    public static long? Parse(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty) return 0;
        if ((field[0] & 0x80) != 0) return ParseBase256(field);
        int i = 0;
        while (i < field.Length && field[i] is (byte)' ' or 0) i++;
        long value = 0;
        for (; i < field.Length && field[i] is >= (byte)'0' and <= (byte)'7'; i++)
        {
            if (value > long.MaxValue >> 3) return null;
            value = value << 3 | (long)(field[i] - '0');
        }
        for (; i < field.Length; i++)
        {
            if (field[i] is not ((byte)' ' or 0)) return null;
        }
        return value;
    }

    // Big-endian two's complement after the marker bit, as GNU tar and Go's archive/tar write it.
    private static long? ParseBase256(ReadOnlySpan<byte> field)
    {
        byte invert = (field[0] & 0x40) != 0 ? (byte)0xff : (byte)0;
        ulong value = 0;
        for (int i = 0; i < field.Length; i++)
        {
            byte b = (byte)(field[i] ^ invert);
            if (i == 0) b &= 0x7f;
            if (value >> 56 != 0) return null;
            value = value << 8 | b;
        }
        if (value >> 63 != 0) return null;
        return invert == 0xff ? ~(long)value : (long)value;
    }

    /// <summary>Writes <paramref name="value"/> as zero-padded octal filling the field but its last byte (a NUL).</summary>
    public static bool TryFormatOctal(long value, Span<byte> field)
    {
        int digits = field.Length - 1;
        if (value < 0 || (digits < 21 && value >= 1L << (3 * digits))) return false;
        for (int i = digits - 1; i >= 0; i--, value >>= 3)
            field[i] = (byte)('0' + (value & 7));
        field[digits] = 0;
        return true;
    }
}
