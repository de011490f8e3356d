using Wharf.Api.Types;
using Wharf.Cli.Options;

namespace Wharf.Cli.Tests.Options;

/// <summary>--restart, -p/--expose, -v, --ulimit and --device parsed as docker/cli and go-connections do.</summary>
public sealed class ContainerSpecTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("always", "always", 0)]
    [InlineData("on-failure:3", "on-failure", 3)]
    [InlineData("unless-stopped", "unless-stopped", 0)]
    public void Restart_policies(string text, string name, int retries)
    {
        RestartPolicy policy = RestartPolicyOption.Parse(text);
        Assert.Equal((name, retries), (policy.Name, policy.MaximumRetryCount));
    }

    [Theory]
    [InlineData(":3", "invalid restart policy format: no policy provided before colon")]
    [InlineData("on-failure:x", "invalid restart policy format: maximum retry count must be an integer")]
    public void Bad_restart_policies(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<CliError>(() => RestartPolicyOption.Parse(text)).Message);
    }

    private static (Dictionary<string, EmptyObject> Exposed, Dictionary<string, List<PortBinding>?> Bindings) Publish(params string[] specs)
    {
        var exposed = new Dictionary<string, EmptyObject>();
        var bindings = new Dictionary<string, List<PortBinding>?>();
        PortSpec.Publish(specs, exposed, bindings);
        return (exposed, bindings);
    }

    private static string Show(Dictionary<string, List<PortBinding>?> bindings) =>
        string.Join(" ", bindings.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key}=" + string.Join(",", b.Value!.Select(p => $"{p.HostIp}|{p.HostPort}"))));

    [Fact]
    public void Published_ports_in_every_form()
    {
        Assert.Equal("80/tcp=|", Show(Publish("80").Bindings));
        Assert.Equal("80/tcp=|8080", Show(Publish("8080:80").Bindings));
        Assert.Equal("53/udp=127.0.0.1|5353", Show(Publish("127.0.0.1:5353:53/udp").Bindings));
        Assert.Equal("80/tcp=::1|8080", Show(Publish("[::1]:8080:80").Bindings));
        Assert.Equal("80/tcp=|8000-8010", Show(Publish("8000-8010:80").Bindings));
        Assert.Equal("80/tcp=|8080 81/tcp=|8081", Show(Publish("8080-8081:80-81").Bindings));
        Assert.Equal("80/udp=|8080", Show(Publish("published=8080,target=80,protocol=udp").Bindings));
        Assert.Equal("80/tcp=|8080,|9090", Show(Publish("8080:80", "9090:80").Bindings));
        Assert.Equal(["80/tcp"], Publish("8080:80").Exposed.Keys);
    }

    [Theory]
    [InlineData("8080:80/xyz", "invalid proto: xyz")]
    [InlineData("8080:", "no port specified: 8080:<empty>")]
    [InlineData("x:80", "invalid hostPort: x")]
    [InlineData("80-81:90-92", "invalid ranges specified for container and host Ports: 90-92 and 80-81")]
    [InlineData("1.2.3:80:80", "invalid IP address: 1.2.3")]
    [InlineData("70000", "invalid containerPort: 70000")]
    public void Bad_published_ports(string spec, string message)
    {
        Assert.Equal(message, Assert.Throws<CliError>(() => Publish(spec)).Message);
    }

    [Fact]
    public void Exposed_ranges_expand()
    {
        var exposed = new Dictionary<string, EmptyObject>();
        PortSpec.Expose(["7000-7001/udp", "9000"], exposed);
        Assert.Equal(["7000/udp", "7001/udp", "9000/tcp"], exposed.Keys);
        Assert.Equal("invalid port format for --expose: 1:2", Assert.Throws<CliError>(() => PortSpec.Expose(["1:2"], exposed)).Message);
    }

    [Fact]
    public void Volumes_split_into_binds_and_anonymous_volumes()
    {
        (List<string> binds, Dictionary<string, EmptyObject> volumes) = VolumeSpec.Split(["/host:/data:ro", "./rel:/rel", "named:/n", "/anon"], "/work/dir");
        Assert.Equal(["/host:/data:ro", "/work/dir/rel:/rel", "named:/n"], binds);
        Assert.Equal(["/anon"], volumes.Keys);
        Assert.Equal("invalid spec: :/x: empty section between colons", Assert.Throws<CliError>(() => VolumeSpec.Split([":/x"], "/")).Message);
    }

    [Fact]
    public void Ulimits()
    {
        Ulimit nofile = UlimitOption.Parse("nofile=1024:2048");
        Assert.Equal(("nofile", 1024L, 2048L), (nofile.Name, nofile.Soft, nofile.Hard));
        Ulimit core = UlimitOption.Parse("core=-1");
        Assert.Equal((-1L, -1L), (core.Soft, core.Hard));
        Assert.Equal(["core", "nofile"], UlimitOption.ToList(["nofile=1", "core=0", "nofile=5"])!.Select(u => u.Name));
        Assert.Equal(5, UlimitOption.ToList(["nofile=1", "nofile=5"])![0].Soft);
        Assert.Equal("invalid ulimit type: bogus", Assert.Throws<FormatException>(() => UlimitOption.Parse("bogus=1")).Message);
        Assert.Equal("invalid ulimit argument: nofile", Assert.Throws<FormatException>(() => UlimitOption.Parse("nofile")).Message);
        Assert.Equal("ulimit soft limit must be less than or equal to hard limit: 10 > 5",
            Assert.Throws<FormatException>(() => UlimitOption.Parse("nofile=10:5")).Message);
    }

    [Theory]
    [InlineData("/dev/fuse", "/dev/fuse", "/dev/fuse", "rwm")]
    [InlineData("/dev/sda:/dev/xvda", "/dev/sda", "/dev/xvda", "rwm")]
    [InlineData("/dev/sda:r", "/dev/sda", "/dev/sda", "r")]
    [InlineData("/dev/sda:/dev/xvda:rw", "/dev/sda", "/dev/xvda", "rw")]
    public void Devices(string spec, string host, string container, string permissions)
    {
        DeviceMapping device = DeviceSpec.Parse(spec);
        Assert.Equal((host, container, permissions), (device.PathOnHost, device.PathInContainer, device.CgroupPermissions));
    }

    [Theory]
    [InlineData("/dev/sda:/dev/xvda:rx", "bad mode specified: rx")]
    [InlineData("/dev/sda:relative", "relative is not an absolute path")]
    [InlineData("a:b:c:d", "bad format for path: a:b:c:d")]
    public void Bad_devices(string spec, string message)
    {
        Assert.Equal(message, Assert.Throws<CliError>(() => DeviceSpec.Parse(spec)).Message);
    }
}
