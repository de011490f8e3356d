using System.Text.Json.Serialization;

namespace Wharf.Api.Types;

/// <summary>The networks a create request connects the container to: network name → endpoint settings.</summary>
public sealed class NetworkingConfig
{
    public Dictionary<string, EndpointSettings?>? EndpointsConfig { get; set; }
}

/// <summary>A container's endpoint on one network: what the client asks for, and what inspect reports.</summary>
public sealed class EndpointSettings
{
    public EndpointIpamConfig? IPAMConfig { get; set; }
    public List<string>? Links { get; set; }
    public string MacAddress { get; set; } = "";
    public List<string>? Aliases { get; set; }
    public Dictionary<string, string>? DriverOpts { get; set; }

    public int GwPriority { get; set; }
    public string NetworkID { get; set; } = "";
    public string EndpointID { get; set; } = "";
    public string Gateway { get; set; } = "";
    public string IPAddress { get; set; } = "";
    public int IPPrefixLen { get; set; }
    public string IPv6Gateway { get; set; } = "";
    public string GlobalIPv6Address { get; set; } = "";
    public int GlobalIPv6PrefixLen { get; set; }
    public List<string>? DNSNames { get; set; }
}

public sealed class EndpointIpamConfig
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IPv4Address { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IPv6Address { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? LinkLocalIPs { get; set; }
}

/// <summary>NetworkSettings of container inspect.</summary>
public sealed class NetworkSettings
{
    public string Bridge { get; set; } = "";
    public string SandboxID { get; set; } = "";
    public bool HairpinMode { get; set; }
    public string LinkLocalIPv6Address { get; set; } = "";
    public int LinkLocalIPv6PrefixLen { get; set; }

    /// <summary>"80/tcp" → host bindings, or null for an exposed port that is not published.</summary>
    public Dictionary<string, List<PortBinding>?> Ports { get; set; } = [];
    public string SandboxKey { get; set; } = "";
    public List<NetworkAddress>? SecondaryIPAddresses { get; set; }
    public List<NetworkAddress>? SecondaryIPv6Addresses { get; set; }
    public string EndpointID { get; set; } = "";
    public string Gateway { get; set; } = "";
    public string GlobalIPv6Address { get; set; } = "";
    public int GlobalIPv6PrefixLen { get; set; }
    public string IPAddress { get; set; } = "";
    public int IPPrefixLen { get; set; }
    public string IPv6Gateway { get; set; } = "";
    public string MacAddress { get; set; } = "";
    public Dictionary<string, EndpointSettings> Networks { get; set; } = [];
}

public sealed class NetworkAddress
{
    public string Addr { get; set; } = "";
    public int PrefixLen { get; set; }
}

/// <summary>A port of <c>GET /containers/json</c>: rendered "0.0.0.0:8080->80/tcp" by the CLI.</summary>
public sealed class Port
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? IP { get; set; }
    public int PrivatePort { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PublicPort { get; set; }
    public string Type { get; set; } = "tcp";
}

/// <summary>The NetworkSettings of a container summary: only the networks.</summary>
public sealed class SummaryNetworkSettings
{
    public Dictionary<string, EndpointSettings> Networks { get; set; } = [];
}
