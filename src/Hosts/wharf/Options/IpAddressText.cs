using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Wharf.Cli.Options;

/// <summary>
/// IP addresses as Go's net.ParseIP accepts them: IPv4 only as four dotted decimals (no "1.2.3",
/// no leading zeros), IPv6 without a zone. .NET's parser is more lenient (inet_aton forms).
/// </summary>
internal static class IpAddressText
{
    public static bool TryParse(string text, out IPAddress? address)
    {
        address = null;
        if (text.Contains(':'))
            return !text.Contains('%') && IPAddress.TryParse(text, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        string[] parts = text.Split('.');
        if (parts.Length != 4) return false;
        foreach (string part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit)
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
                return false;
        }
        return IPAddress.TryParse(text, out address);
    }
}
