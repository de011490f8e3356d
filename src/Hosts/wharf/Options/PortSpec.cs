using System.Globalization;
using System.Net;
using Wharf.Api.Types;

namespace Wharf.Cli.Options;

/// <summary>
/// -p and --expose as go-connections/nat parses them: [ip:][hostPort:]containerPort[/proto], port
/// ranges ("8000-8010:80-90"), a host range for one container port ("8000-8010:80"); the result
/// is the ExposedPorts set and the PortBindings map ("80/tcp" → bindings) of a create request.
/// </summary>
internal static class PortSpec
{
    public static void Publish(IEnumerable<string> specs, Dictionary<string, EmptyObject> exposed, Dictionary<string, List<PortBinding>?> bindings)
    {
        foreach (string raw in specs)
        {
            foreach ((string port, PortBinding binding) in ParseOne(StandardNotation(raw)))
            {
                exposed.TryAdd(port, EmptyObject.Instance);
                if (!bindings.TryGetValue(port, out List<PortBinding>? list) || list is null) bindings[port] = list = [];
                list.Add(binding);
            }
        }
    }

    /// <summary>--expose PORT[/PROTO] or a range; no host part allowed.</summary>
    public static void Expose(IEnumerable<string> specs, Dictionary<string, EmptyObject> exposed)
    {
        foreach (string spec in specs)
        {
            if (spec.Contains(':')) throw new CliError($"invalid port format for --expose: {spec}");
            (string proto, string port) = SplitProtoPort(spec);
            (ulong start, ulong end) = Range(port) ?? throw new CliError($"invalid range format for --expose: {spec}, error: {RangeError(port)}");
            for (ulong p = start; p <= end; p++) exposed.TryAdd($"{p.ToString(CultureInfo.InvariantCulture)}/{proto}", EmptyObject.Instance);
        }
    }

    /// <summary>The long syntax "published=8080,target=80,protocol=udp" in the short one.</summary>
    private static string StandardNotation(string spec)
    {
        if (!spec.Contains('=')) return spec;
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["protocol"] = "tcp" };
        foreach (string param in spec.Split(','))
        {
            int eq = param.IndexOf('=');
            if (eq <= 0) throw new CliError($"invalid publish opts format (should be name=value but got '{param}')");
            values[param[..eq]] = param[(eq + 1)..];
        }
        return $"{values.GetValueOrDefault("published")}:{values.GetValueOrDefault("target")}/{values["protocol"]}";
    }

    private static List<(string Port, PortBinding Binding)> ParseOne(string raw)
    {
        string[] parts = raw.Split(':');
        int n = parts.Length;
        string containerPart = parts[n - 1];
        string ip = n switch { 1 or 2 => "", 3 => parts[0], _ => string.Join(':', parts[..(n - 2)]) };
        string hostPort = n == 1 ? "" : parts[n - 2];
        (string proto, string containerPort) = SplitProtoPort(containerPart);

        if (ip.Length > 0 && ip[0] == '[')
        {
            if (ip[^1] != ']') throw new CliError($"invalid IP address {ip}: address {ip}:: missing ']' in address");
            ip = ip[1..^1];
        }
        if (ip.Length > 0 && !IpAddressText.TryParse(ip, out _)) throw new CliError("invalid IP address: " + ip);
        if (containerPort.Length == 0) throw new CliError($"no port specified: {raw}<empty>");
        (ulong start, ulong end) = Range(containerPort) ?? throw new CliError("invalid containerPort: " + containerPort);
        ulong hostStart = 0, hostEnd = 0;
        if (hostPort.Length > 0)
            (hostStart, hostEnd) = Range(hostPort) ?? throw new CliError("invalid hostPort: " + hostPort);
        if (hostPort.Length > 0 && end - start != hostEnd - hostStart && end != start)
            throw new CliError($"invalid ranges specified for container and host Ports: {containerPort} and {hostPort}");
        string lower = proto.ToLowerInvariant();
        if (lower is not ("tcp" or "udp" or "sctp")) throw new CliError("invalid proto: " + proto);

        var result = new List<(string, PortBinding)>();
        for (ulong i = 0; i <= end - start; i++)
        {
            string host = hostPort.Length > 0 ? (hostStart + i).ToString(CultureInfo.InvariantCulture) : "";
            if (start == end && hostStart != hostEnd) host = $"{host}-{hostEnd.ToString(CultureInfo.InvariantCulture)}";
            result.Add(($"{(start + i).ToString(CultureInfo.InvariantCulture)}/{lower}", new PortBinding { HostIp = ip, HostPort = host }));
        }
        return result;
    }

    /// <summary>"80/udp" → ("udp", "80"); no protocol is tcp.</summary>
    internal static (string Proto, string Port) SplitProtoPort(string raw)
    {
        string[] parts = raw.Split('/');
        if (raw.Length == 0 || parts[0].Length == 0) return ("", "");
        if (parts.Length == 1 || parts[1].Length == 0) return ("tcp", parts[0]);
        return (parts[1], parts[0]);
    }

    /// <summary>"80" or "8000-8010" as 16-bit ports; null when malformed.</summary>
    internal static (ulong Start, ulong End)? Range(string ports)
    {
        if (ports.Length == 0) return null;
        int dash = ports.IndexOf('-');
        if (dash < 0) return ushort.TryParse(ports, NumberStyles.None, CultureInfo.InvariantCulture, out ushort p) ? (p, p) : null;
        if (!ushort.TryParse(ports[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out ushort start)
            || !ushort.TryParse(ports[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort end)
            || end < start)
            return null;
        return (start, end);
    }

    private static string RangeError(string ports) => ports.Length == 0
        ? "empty string specified for ports"
        : $"invalid range specified for port: {ports}";
}
