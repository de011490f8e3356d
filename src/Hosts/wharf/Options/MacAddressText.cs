namespace Wharf.Cli.Options;

/// <summary>Go's net.ParseMAC: 6, 8 or 20 bytes as xx:xx:.. or xx-xx-.., or xxxx.xxxx.. groups of four.</summary>
internal static class MacAddressText
{
    public static bool IsValid(string text)
    {
        text = text.Trim();
        if (text.Length < 14) return false;
        if (text[2] is ':' or '-')
        {
            char separator = text[2];
            if ((text.Length + 1) % 3 != 0) return false;
            int bytes = (text.Length + 1) / 3;
            if (bytes is not (6 or 8 or 20)) return false;
            for (int i = 0; i < bytes; i++)
            {
                int at = i * 3;
                if (!char.IsAsciiHexDigit(text[at]) || !char.IsAsciiHexDigit(text[at + 1])) return false;
                if (i < bytes - 1 && text[at + 2] != separator) return false;
            }
            return true;
        }
        if (text[4] == '.')
        {
            if ((text.Length + 1) % 5 != 0) return false;
            int groups = (text.Length + 1) / 5;
            if (groups * 2 is not (6 or 8 or 20)) return false;
            for (int i = 0; i < groups; i++)
            {
                int at = i * 5;
                for (int k = 0; k < 4; k++)
                {
                    if (!char.IsAsciiHexDigit(text[at + k])) return false;
                }
                if (i < groups - 1 && text[at + 4] != '.') return false;
            }
            return true;
        }
        return false;
    }
}
