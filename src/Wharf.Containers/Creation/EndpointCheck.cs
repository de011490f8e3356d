using System.Net;
using System.Net.Sockets;
using Wharf.Core;

namespace Wharf.Containers;

/// <summary>What a create request asks of one network endpoint (NetworkingConfig.EndpointsConfig[name]).</summary>
public sealed record EndpointRequest
{
    public string IPv4Address { get; init; } = "";
    public string IPv6Address { get; init; } = "";
    public IReadOnlyList<string>? LinkLocalIPs { get; init; }
    public IReadOnlyList<string>? Aliases { get; init; }
    public IReadOnlyList<string>? Links { get; init; }
    public string MacAddress { get; init; } = "";
}

/// <summary>
/// moby's validateNetworkingConfig/validateEndpointSettings at create: on the predefined networks
/// (default, bridge, host, none, container:X) no static IP and no alias; addresses must parse.
/// Wharf has no user-defined networks yet, so only those are checked here.
/// </summary>
public static class EndpointCheck
{
    /// <summary>Throws InvalidArgument with moby's text (one network's errors, or "* "-joined ones).</summary>
    public static void Validate(IReadOnlyDictionary<string, EndpointRequest?>? endpoints)
    {
        var errors = new List<string>();
        foreach (var (network, endpoint) in endpoints ?? new Dictionary<string, EndpointRequest?>())
        {
            if (endpoint is null)
            {
                errors.Add($"invalid config for network {UntrustedName.Show(network)}: EndpointsConfig is nil");
                continue;
            }
            string? error = EndpointError(network, endpoint);
            if (error is not null) errors.Add($"invalid config for network {UntrustedName.Show(network)}: {error}");
        }
        if (errors.Count == 1) throw WharfException.Invalid(errors[0].Trim());
        if (errors.Count > 1) throw WharfException.Invalid("* " + string.Join("\n* ", errors.Select(e => e.Replace("\n", "\n\t", StringComparison.Ordinal))));
    }

    /// <summary>container.NetworkMode.IsUserDefined.</summary>
    public static bool IsUserDefined(string network) =>
        network is not ("default" or "bridge" or "host" or "none") && !network.StartsWith("container:", StringComparison.Ordinal);

    /// <summary>The endpoint's name in inspect's NetworkSettings.Networks: moby files "default" under "bridge".</summary>
    public static string InspectName(string network) => network == "default" ? "bridge" : network;

    private static string? EndpointError(string network, EndpointRequest endpoint)
    {
        var errors = new List<string>();
        if (!IsUserDefined(network))
        {
            if (endpoint.IPv4Address.Length > 0 || endpoint.IPv6Address.Length > 0)
                errors.Add("user specified IP address is supported on user defined networks only");
            if (endpoint.Aliases is { Count: > 0 }) errors.Add("network-scoped alias is supported only for containers in user defined networks");
        }
        if (endpoint.IPv4Address.Length > 0 && (!TryParse(endpoint.IPv4Address, out var v4) || v4.AddressFamily != AddressFamily.InterNetwork || v4.Equals(IPAddress.Any)))
            errors.Add($"invalid IPv4 address: {UntrustedName.Show(endpoint.IPv4Address)}");
        if (endpoint.IPv6Address.Length > 0 && (!TryParse(endpoint.IPv6Address, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || v6.IsIPv4MappedToIPv6 || v6.Equals(IPAddress.IPv6Any)))
            errors.Add($"invalid IPv6 address: {UntrustedName.Show(endpoint.IPv6Address)}");
        foreach (string address in endpoint.LinkLocalIPs ?? [])
        {
            if (!TryParse(address, out var ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
                errors.Add($"invalid link-local IP address: {UntrustedName.Show(address)}");
        }
        if (endpoint.MacAddress.Length > 0 && !IsMac(endpoint.MacAddress)) return $"invalid MAC address {UntrustedName.Show(endpoint.MacAddress)}";
        if (errors.Count == 0) return null;
        string joined = errors.Count == 1 ? errors[0] : "* " + string.Join("\n* ", errors);
        return "invalid endpoint settings:\n" + joined;
    }

    private static bool TryParse(string text, out IPAddress address) => ExtraHost.TryParseStrict(text, out address);

    /// <summary>Go's net.ParseMAC: 6, 8 or 20 bytes, "xx:xx:..", "xx-xx-.." or "xxxx.xxxx.."; a MAC the kernel takes needs 6.</summary>
    internal static bool IsMac(string text)
    {
        char separator = text.Length > 2 ? text[2] : ' ';
        if (separator is ':' or '-')
        {
            string[] parts = text.Split(separator);
            return parts.Length is 6 or 8 or 20 && parts.All(p => p.Length == 2 && p.All(char.IsAsciiHexDigit));
        }
        string[] groups = text.Split('.');
        return groups.Length is 3 or 4 or 10 && groups.All(g => g.Length == 4 && g.All(char.IsAsciiHexDigit));
    }
}
