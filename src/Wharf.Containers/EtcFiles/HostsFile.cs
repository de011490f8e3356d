using System.Net;
using System.Text;

namespace Wharf.Containers;

/// <summary>
/// A container's /etc/hosts, as libnetwork's etchosts builds it: localhost and the IPv6
/// well-known names, the ExtraHosts, then the container's own addresses under its hostname.
/// With host networking and no ExtraHosts it is a copy of the host's file.
/// </summary>
public static class HostsFile
{
    private static readonly (string Address, string Names)[] Ipv4Defaults = [("127.0.0.1", "localhost")];

    private static readonly (string Address, string Names)[] Ipv6Defaults =
    [
        ("::1", "localhost ip6-localhost ip6-loopback"),
        ("fe00::", "ip6-localnet"),
        ("ff00::", "ip6-mcastprefix"),
        ("ff02::1", "ip6-allnodes"),
        ("ff02::2", "ip6-allrouters"),
    ];

    /// <param name="extraHosts">HostConfig.ExtraHosts ("name:ip"); "host-gateway" must already be replaced by an address.</param>
    /// <param name="ownAddresses">The container's addresses on its networks, listed under its hostname.</param>
    /// <param name="ipv6">false leaves out every IPv6 entry, as Docker does for a container without IPv6.</param>
    public static string Build(IReadOnlyList<string>? extraHosts, string hostname, string? domainname, IReadOnlyList<IPAddress>? ownAddresses = null, bool ipv6 = true)
    {
        var records = new List<(string Address, string Names, bool IsIpv6)>();
        records.AddRange(Ipv4Defaults.Select(r => (r.Address, r.Names, false)));
        if (ipv6) records.AddRange(Ipv6Defaults.Select(r => (r.Address, r.Names, true)));
        foreach (string entry in extraHosts ?? [])
        {
            var host = ExtraHost.Parse(entry);
            records.Add((host.Address, host.Name, host.Address.Contains(':')));
        }
        if (ownAddresses is { Count: > 0 })
        {
            string names = string.IsNullOrEmpty(domainname) ? hostname : hostname + "." + domainname;
            int dot = names.IndexOf('.');
            if (dot > 0) names += " " + names[..dot];
            foreach (var address in ownAddresses)
                records.Add((address.ToString(), names, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6));
        }
        var text = new StringBuilder();
        foreach (var (address, names, isIpv6) in records)
            if (ipv6 || !isIpv6) text.Append(address).Append('\t').Append(names).Append('\n');
        return text.ToString();
    }

    /// <summary>Writes the container's hosts file (in place: once bind-mounted it must keep its inode).</summary>
    /// <param name="hostHosts">The host's hosts file, copied for host networking without ExtraHosts.</param>
    public static void Write(string path, HostSettings host, string hostname, string? domainname,
        IReadOnlyList<IPAddress>? ownAddresses = null, bool ipv6 = true, string hostHosts = "/etc/hosts")
    {
        if (ContainerSpecBuilder.IsHostNetwork(host) && host.ExtraHosts is not { Count: > 0 })
        {
            byte[] copy = File.Exists(hostHosts) ? ReadBounded(hostHosts) : [];
            File.WriteAllBytes(path, copy);
            return;
        }
        File.WriteAllText(path, Build(host.ExtraHosts, hostname, domainname, ownAddresses, ipv6));
    }

    /// <summary>Writes the container's hostname file: the hostname and a newline.</summary>
    public static void WriteHostname(string path, string hostname) => File.WriteAllText(path, hostname + "\n");

    /// <summary>The file's bytes, at most <paramref name="max"/>; read in small pieces (a host file is a few hundred bytes, and a buffer of the bound itself cost every create a megabyte to clear and collect).</summary>
    internal static byte[] ReadBounded(string path, int max = 1024 * 1024)
    {
        using var stream = File.OpenRead(path);
        var content = new MemoryStream();
        Span<byte> chunk = stackalloc byte[4096];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (content.Length + n > max) throw new InvalidDataException($"{path} is larger than {max} bytes");
            content.Write(chunk[..n]);
        }
        return content.ToArray();
    }
}
