using System.Net;

namespace Wharf.Containers.Tests.Spec;

public sealed class EtcFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wharf-containers-etc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Hosts_has_dockers_defaults_extra_hosts_and_the_containers_own_names()
    {
        string hosts = HostsFile.Build(["db:10.0.0.5", "v6:2001:db8::1", "mapped:::ffff:10.1.2.3"], "box", "example.org",
            [IPAddress.Parse("172.17.0.2")]);
        Assert.Equal(
            "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\n" +
            "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n10.0.0.5\tdb\n2001:db8::1\tv6\n10.1.2.3\tmapped\n172.17.0.2\tbox.example.org box\n",
            hosts);
        Assert.Equal("127.0.0.1\tlocalhost\n10.0.0.5\tdb\n", HostsFile.Build(["db:10.0.0.5", "v6:2001:db8::1"], "box", null, ipv6: false));
    }

    [Fact]
    public void Host_networking_copies_the_hosts_file_unless_there_are_extra_hosts()
    {
        string hostHosts = Path.Combine(_dir, "host-hosts");
        File.WriteAllText(hostHosts, "127.0.0.1 localhost myhost\n");
        string path = Path.Combine(_dir, "hosts");
        HostsFile.Write(path, new HostSettings { NetworkMode = "host" }, "myhost", null, hostHosts: hostHosts);
        Assert.Equal("127.0.0.1 localhost myhost\n", File.ReadAllText(path));
        HostsFile.Write(path, new HostSettings { NetworkMode = "host", ExtraHosts = ["db:10.0.0.5"] }, "myhost", null, hostHosts: hostHosts);
        Assert.EndsWith("10.0.0.5\tdb\n", File.ReadAllText(path));
        HostsFile.WriteHostname(Path.Combine(_dir, "hostname"), "box");
        Assert.Equal("box\n", File.ReadAllText(Path.Combine(_dir, "hostname")));
    }

    private string HostResolv(string content)
    {
        string path = Path.Combine(_dir, "resolv-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Resolv_conf_drops_localhost_servers_for_a_bridged_container()
    {
        string host = HostResolv("# host file\nnameserver 127.0.0.53\nnameserver 192.168.1.1\nnameserver ::1\nnameserver fd00::1\nsearch lan corp\noptions edns0 trust-ad\nsortlist 10.0.0.0\n");
        var conf = ResolvConf.ForContainer(new HostSettings(), ipv6: false, hostResolvConf: host);
        Assert.Equal(["192.168.1.1"], conf.NameServers.Select(a => a.ToString()));
        Assert.Equal(["lan", "corp"], conf.Search);
        Assert.Equal(["edns0", "trust-ad"], conf.Options);
        string text = conf.Generate();
        Assert.Contains("nameserver 192.168.1.1\nsearch lan corp\noptions edns0 trust-ad\nsortlist 10.0.0.0\n", text);
        Assert.Contains($"# Based on host file: '{host}' (legacy)\n", text);
        Assert.Equal(["192.168.1.1", "fd00::1"], ResolvConf.ForContainer(new HostSettings(), ipv6: true, hostResolvConf: host).NameServers.Select(a => a.ToString()));
    }

    [Fact]
    public void Resolv_conf_falls_back_to_public_servers_and_takes_overrides()
    {
        string host = HostResolv("nameserver 127.0.0.53\noptions edns0\n");
        var fallback = ResolvConf.ForContainer(new HostSettings(), hostResolvConf: host);
        Assert.Equal(["8.8.8.8", "8.8.4.4"], fallback.NameServers.Select(a => a.ToString()));
        Assert.Contains("# Used default nameservers.\n", fallback.Generate());

        var overridden = ResolvConf.ForContainer(new HostSettings { Dns = ["127.0.0.1", "1.1.1.1"], DnsSearch = ["."], DnsOptions = ["ndots:2"] }, hostResolvConf: host);
        Assert.Equal(["127.0.0.1", "1.1.1.1"], overridden.NameServers.Select(a => a.ToString())); // the user's servers are kept as given
        Assert.Empty(overridden.Search);
        Assert.Equal(["ndots:2"], overridden.Options);
        Assert.Contains("# Overrides: [nameservers search options]\n", overridden.Generate());

        var hostNetwork = ResolvConf.ForContainer(new HostSettings { NetworkMode = "host" }, hostResolvConf: host);
        Assert.Equal(["127.0.0.53"], hostNetwork.NameServers.Select(a => a.ToString()));

        string path = Path.Combine(_dir, "resolv.conf");
        ResolvConf.Write(path, new HostSettings(), hostResolvConf: HostResolv("nameserver 9.9.9.9\n"));
        Assert.Contains("nameserver 9.9.9.9\n", File.ReadAllText(path));
        Assert.Throws<Core.WharfException>(() => ResolvConf.ForContainer(new HostSettings { Dns = ["dns.example"] }, hostResolvConf: host));
    }
}
