using System.Globalization;
using System.Text.RegularExpressions;

namespace Wharf.Cli.Options;

/// <summary>
/// One --network: a name, or the long form name=NET,alias=A,ip=...,ip6=...,mac-address=...,
/// link-local-ip=...,driver-opt=K=V,gw-priority=N (docker/cli's NetworkOpt.Set).
/// </summary>
internal sealed partial record NetworkAttachment
{
    public string Target { get; set; } = "";
    public List<string> Aliases { get; set; } = [];
    public Dictionary<string, string>? DriverOpts { get; set; }
    public List<string> Links { get; set; } = [];
    public string IPv4Address { get; set; } = "";
    public string IPv6Address { get; set; } = "";
    public List<string> LinkLocalIPs { get; set; } = [];
    public string MacAddress { get; set; } = "";
    public int GwPriority { get; set; }

    public static NetworkAttachment Parse(string value)
    {
        if (!LongSyntax().IsMatch(value)) return new NetworkAttachment { Target = value };
        var attachment = new NetworkAttachment();
        foreach (string field in CsvFields.Read(value))
        {
            string lower = field.ToLowerInvariant();
            int eq = lower.IndexOf('=');
            if (eq <= 0) throw new FormatException($"invalid field {field}");
            string key = lower[..eq].Trim(), val = lower[(eq + 1)..].Trim();
            switch (key)
            {
                case "name": attachment.Target = val; break;
                case "alias": attachment.Aliases.Add(val); break;
                case "ip": attachment.IPv4Address = val; break;
                case "ip6": attachment.IPv6Address = val; break;
                case "mac-address": attachment.MacAddress = val; break;
                case "link-local-ip": attachment.LinkLocalIPs.Add(val); break;
                case "driver-opt":
                    int sep = val.IndexOf('=');
                    if (sep < 0) throw new FormatException("invalid key value pair format in driver options");
                    (attachment.DriverOpts ??= new(StringComparer.Ordinal))[val[..sep].Trim()] = val[(sep + 1)..].Trim();
                    break;
                case "gw-priority":
                    attachment.GwPriority = ParseInt(val);
                    break;
                default:
                    throw new FormatException("invalid field key " + key);
            }
        }
        return attachment.Target.Length == 0 ? throw new FormatException("network name/id is not specified") : attachment;
    }

    /// <summary>container.NetworkMode.IsUserDefined: not default, bridge, host, none or container:X.</summary>
    public static bool IsUserDefined(string mode) =>
        mode is not ("default" or "bridge" or "host" or "none") && !mode.StartsWith("container:", StringComparison.Ordinal);

    /// <summary>container.NetworkMode.NetworkName: the key of the mode's endpoint ("container" for container:X).</summary>
    public static string NetworkName(string mode) => mode.StartsWith("container:", StringComparison.Ordinal) ? "container" : mode;

    private static int ParseInt(string text)
    {
        string digits = text.StartsWith('+') || text.StartsWith('-') ? text[1..] : text;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
            throw new FormatException($"invalid gw-priority ({text}): invalid syntax");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n)
            ? n
            : throw new FormatException($"invalid gw-priority ({text}): value out of range");
    }

    [GeneratedRegex(@"\w+=\w+(,\w+=\w+)*")]
    private static partial Regex LongSyntax();
}
