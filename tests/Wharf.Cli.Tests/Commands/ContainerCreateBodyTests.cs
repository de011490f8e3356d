using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Cli.Tests.Connection;

namespace Wharf.Cli.Tests.Commands;

/// <summary>
/// The create body `wharf create` sends for docker 28's flags, compared with the body the real
/// docker 28.2 CLI sent for the same flags to a recording socket (HostConfig's mount, link,
/// device-request, blkio and Windows-resource members, the NetworkingConfig, Config.MacAddress).
/// </summary>
public sealed class ContainerCreateBodyTests
{
    private static readonly string[] HostKeys =
    [
        "Mounts", "Links", "DeviceRequests", "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps",
        "BlkioDeviceWriteIOps", "CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth", "NetworkMode",
    ];

    // Expected: what docker 28.2.2 sent at API 1.50 (run from /work; "./data" became "/work/data").
    [Theory]
    [InlineData("{\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/work/data\",\"Target\":\"/m\",\"ReadOnly\":true},{\"Type\":\"bind\",\"Source\":\"/srv\",\"Target\":\"/s\",\"BindOptions\":{\"Propagation\":\"rslave\"}},{\"Type\":\"bind\",\"Source\":\"/a\",\"Target\":\"/b\",\"ReadOnly\":true,\"BindOptions\":{\"Propagation\":\"rprivate\",\"ReadOnlyForceRecursive\":true}},{\"Type\":\"bind\",\"Source\":\"/c\",\"Target\":\"/d\",\"BindOptions\":{\"NonRecursive\":true}}],\"Links\":null,\"DeviceRequests\":null,\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":[],\"BlkioDeviceWriteBps\":[],\"BlkioDeviceReadIOps\":[],\"BlkioDeviceWriteIOps\":[],\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"NetworkMode\":\"default\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"default\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}", "--mount", "type=bind,src=./data,dst=/m,ro", "--mount", "type=bind,source=/srv,target=/s,bind-propagation=rslave", "--mount", "type=bind,src=/a,dst=/b,readonly,bind-recursive=readonly,bind-propagation=rprivate", "--mount", "type=bind,src=/c,dst=/d,bind-nonrecursive")]
    [InlineData("{\"HostConfig\":{\"Mounts\":[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576,\"Mode\":1023}},{\"Type\":\"volume\",\"Target\":\"/v\"},{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/v2\",\"VolumeOptions\":{\"NoCopy\":true,\"Labels\":{\"a\":\"b\"},\"Subpath\":\"sub\",\"DriverConfig\":{\"Name\":\"local\",\"Options\":{\"o\":\"x\"}}}}],\"Links\":null,\"DeviceRequests\":null,\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":[],\"BlkioDeviceWriteBps\":[],\"BlkioDeviceReadIOps\":[],\"BlkioDeviceWriteIOps\":[],\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"NetworkMode\":\"default\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"default\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}", "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1777", "--mount", "dst=/v", "--mount", "type=volume,src=v,dst=/v2,volume-label=a=b,volume-driver=local,volume-opt=o=x,volume-nocopy,volume-subpath=sub")]
    [InlineData("{\"HostConfig\":{\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/v\",\"VolumeOptions\":{\"NoCopy\":true,\"DriverConfig\":{}}},{\"Type\":\"bind\",\"Source\":\"/a,b\",\"Target\":\"/x\"}],\"Links\":null,\"DeviceRequests\":null,\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":[],\"BlkioDeviceWriteBps\":[],\"BlkioDeviceReadIOps\":[],\"BlkioDeviceWriteIOps\":[],\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"NetworkMode\":\"default\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"default\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}", "--mount", "type=volume,dst=/v,volume-nocopy", "--mount", "type=bind,\"src=/a,b\",dst=/x")]
    [InlineData("{\"HostConfig\":{\"Links\":[\"a:b\",\"c\"],\"DeviceRequests\":null,\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":[],\"BlkioDeviceWriteBps\":[],\"BlkioDeviceReadIOps\":[],\"BlkioDeviceWriteIOps\":[],\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"NetworkMode\":\"default\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"default\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}", "--link", "a:b", "--link", "c")]
    [InlineData("{\"HostConfig\":{\"Links\":null,\"DeviceRequests\":null,\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":[],\"BlkioDeviceWriteBps\":[],\"BlkioDeviceReadIOps\":[],\"BlkioDeviceWriteIOps\":[],\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"NetworkMode\":\"default\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"default\":{\"IPAMConfig\":{\"IPv4Address\":\"1.2.3.4\",\"IPv6Address\":\"2001:db8::33\",\"LinkLocalIPs\":[\"169.254.1.1\"]},\"Links\":null,\"Aliases\":null,\"MacAddress\":\"92:d0:c6:0a:29:33\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}", "--ip", "1.2.3.4", "--ip6", "2001:db8::33", "--link-local-ip", "169.254.1.1", "--mac-address", "92:d0:c6:0a:29:33")]
    [InlineData("{\"HostConfig\":{\"Links\":[\"a:b\"],\"DeviceRequests\":null,\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":[],\"BlkioDeviceWriteBps\":[],\"BlkioDeviceReadIOps\":[],\"BlkioDeviceWriteIOps\":[],\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"NetworkMode\":\"net1\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"net1\":{\"IPAMConfig\":{\"IPv4Address\":\"10.0.0.2\"},\"Links\":[\"a:b\"],\"Aliases\":[\"x\"],\"MacAddress\":\"92:d0:c6:0a:29:33\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}", "--network", "net1", "--network-alias", "x", "--link", "a:b", "--ip", "10.0.0.2", "--mac-address", "92:d0:c6:0a:29:33")]
    [InlineData("{\"HostConfig\":{\"Links\":null,\"DeviceRequests\":null,\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":[],\"BlkioDeviceWriteBps\":[],\"BlkioDeviceReadIOps\":[],\"BlkioDeviceWriteIOps\":[],\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"NetworkMode\":\"net1\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"net1\":{\"IPAMConfig\":{\"IPv4Address\":\"10.0.0.3\"},\"Links\":null,\"Aliases\":[\"y\"],\"MacAddress\":\"\",\"DriverOpts\":{\"a\":\"b\"},\"GwPriority\":3,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null},\"net2\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}", "--network", "name=net1,alias=y,ip=10.0.0.3,driver-opt=a=b,gw-priority=3", "--network", "net2")]
    [InlineData("{\"HostConfig\":{\"Links\":null,\"DeviceRequests\":[{\"Driver\":\"\",\"Count\":-1,\"DeviceIDs\":null,\"Capabilities\":[[\"gpu\"]],\"Options\":{}},{\"Driver\":\"\",\"Count\":0,\"DeviceIDs\":[\"1\",\"2\"],\"Capabilities\":[[\"gpu\"]],\"Options\":{}},{\"Driver\":\"nvidia\",\"Count\":2,\"DeviceIDs\":null,\"Capabilities\":[[\"compute\",\"gpu\"]],\"Options\":{\"a\":\"b\"}}],\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":[],\"BlkioDeviceWriteBps\":[],\"BlkioDeviceReadIOps\":[],\"BlkioDeviceWriteIOps\":[],\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"NetworkMode\":\"default\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"default\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}", "--gpus", "all", "--gpus", "\"device=1,2\"", "--gpus", "count=2,driver=nvidia,capabilities=compute,options=a=b")]
    [InlineData("{\"HostConfig\":{\"Links\":null,\"DeviceRequests\":null,\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\",\"Weight\":300}],\"BlkioDeviceReadBps\":[{\"Path\":\"/dev/sda\",\"Rate\":1048576}],\"BlkioDeviceWriteBps\":[{\"Path\":\"/dev/sda\",\"Rate\":10}],\"BlkioDeviceReadIOps\":[{\"Path\":\"/dev/sda\",\"Rate\":100}],\"BlkioDeviceWriteIOps\":[{\"Path\":\"/dev/sdb\",\"Rate\":7}],\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,\"IOMaximumBandwidth\":0,\"NetworkMode\":\"default\"},\"NetworkingConfig\":{\"EndpointsConfig\":{\"default\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}}", "--device-read-bps", "/dev/sda:1mb", "--device-write-bps", "/dev/sda:10", "--device-read-iops", "/dev/sda:100", "--device-write-iops", "/dev/sdb:7", "--blkio-weight-device", "/dev/sda:300")]
    public void The_body_matches_dockers(string docker, params string[] flags)
    {
        (int exit, string _, string error, JsonObject body) = Create("1.50", flags);
        Assert.True(exit == 1 && error.Contains("recorded", StringComparison.Ordinal), error);
        var selected = new JsonObject
        {
            ["HostConfig"] = new JsonObject(HostKeys.Where(k => body["HostConfig"]!.AsObject().ContainsKey(k))
                .Select(k => KeyValuePair.Create(k, body["HostConfig"]![k]?.DeepClone()))),
            ["NetworkingConfig"] = body["NetworkingConfig"]!.DeepClone(),
        };
        if (body.ContainsKey("MacAddress")) selected["MacAddress"] = body["MacAddress"]!.DeepClone();
        string expected = docker.Replace("\"/work/", "\"" + System.Environment.CurrentDirectory.TrimEnd('/') + "/", StringComparison.Ordinal);
        Assert.Equal(Canonical(JsonNode.Parse(expected)), Canonical(selected));
    }

    [Fact]
    public void Before_api_1_44_a_mac_address_is_refused()
    {
        // docker puts --mac-address on the main endpoint too, so before 1.44 it is refused as well.
        foreach (string[] flags in new[] { ["--mac-address", "92:d0:c6:0a:29:33"], new[] { "--network", "name=n1,mac-address=92:d0:c6:0a:29:33" } })
        {
            (int exit, _, string error, JsonObject? body) = Create("1.43", flags, expectBody: false);
            Assert.Equal(1, exit); // docker create's exit for a client-side API error (run's is 125)
            Assert.Null(body);
            Assert.Contains("\"specify mac-address per network\" requires API version 1.44, but the Docker daemon API version is 1.43", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Windows_only_flags_are_refused_for_a_linux_daemon_before_anything_is_created()
    {
        (int exit, _, string error, JsonObject? body) = Create("1.50", ["--cpu-count", "2", "--io-maxiops", "5"], expectBody: false);
        Assert.Equal(1, exit);
        Assert.Null(body);
        Assert.Equal("\"--cpu-count\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n"
            + "\"--io-maxiops\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n", error);
    }

    [Theory]
    [InlineData("network-scoped aliases are only supported for user-defined networks", "--network-alias", "x")]
    [InlineData("network-scoped aliases are only supported for user-defined networks", "--network", "name=bridge,alias=a")]
    [InlineData("conflicting options: cannot attach both user-defined and non-user-defined network-modes", "--network", "host", "--network", "n1")]
    [InlineData("conflicting options: cannot specify both --network-alias and per-network alias", "--network", "name=n1,alias=a", "--network-alias", "b")]
    [InlineData("zz is not a valid mac address", "--mac-address", "zz")]
    [InlineData("network \"n1\" is specified multiple times", "--network", "n1", "--network", "n1")]
    public void Network_flags_get_dockers_errors_and_exit_125(string message, params string[] flags)
    {
        CliRun.Result result = CliRun.InProcess(["-H", "unix:///nonexistent/wharf.sock", "create", .. flags, "busybox"], Environment);
        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith($"wharf: {message}\n", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("invalid argument \"type=bind\" for \"--mount\" flag: target is required", "--mount", "type=bind")]
    [InlineData("invalid argument \"type=bind,dst=/b,tmpfs-size=1m\" for \"--mount\" flag: cannot mix 'tmpfs-*' options with mount type 'bind'", "--mount", "type=bind,dst=/b,tmpfs-size=1m")]
    [InlineData("invalid argument \"type=bind,dst=/b,ro,bind-recursive=readonly\" for \"--mount\" flag: option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction", "--mount", "type=bind,dst=/b,ro,bind-recursive=readonly")]
    [InlineData("invalid argument \"a\\\"b\" for \"--mount\" flag: parse error on line 1, column 2: bare \" in non-quoted-field", "--mount", "a\"b")]
    [InlineData("invalid argument \"count=x\" for \"--gpus\" flag: invalid count (x): value must be either \"all\" or an integer: invalid syntax", "--gpus", "count=x")]
    [InlineData("invalid argument \"driver=a,driver=b\" for \"--gpus\" flag: gpu request key 'driver' can be specified only once", "--gpus", "driver=a,driver=b")]
    [InlineData("invalid argument \"/dev/sda:5\" for \"--blkio-weight-device\" flag: invalid weight for device: /dev/sda:5", "--blkio-weight-device", "/dev/sda:5")]
    [InlineData("invalid argument \"sda:10\" for \"--device-read-bps\" flag: bad format for device path: sda:10", "--device-read-bps", "sda:10")]
    [InlineData("invalid argument \"/dev/sda:-1\" for \"--device-read-iops\" flag: invalid rate for device: /dev/sda:-1. The correct format is <device-path>:<number>. Number must be a positive integer", "--device-read-iops", "/dev/sda:-1")]
    [InlineData("invalid argument \"a:b:c\" for \"--link\" flag: bad format for links: a:b:c", "--link", "a:b:c")]
    public void Bad_flag_values_get_dockers_errors_and_exit_125(string message, params string[] flags)
    {
        CliRun.Result result = CliRun.InProcess(["-H", "unix:///nonexistent/wharf.sock", "create", .. flags, "busybox"], Environment);
        Assert.Equal(125, result.ExitCode);
        Assert.StartsWith(message + "\n", result.Error, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, string> Environment = new() { ["DOCKER_CONFIG"] = "/nonexistent" };

    private static (int Exit, string Out, string Error, JsonObject Body) Create(string apiVersion, string[] flags, bool expectBody = true)
    {
        byte[]? recorded = null;
        using FakeDaemon daemon = FakeDaemon.Answering(request =>
        {
            if (request.Target.EndsWith("/_ping", StringComparison.Ordinal)) return FakeDaemon.Ping(apiVersion);
            if (request.Target.Contains("/containers/create", StringComparison.Ordinal)) recorded = request.Body;
            return FakeDaemon.Response.Error(500, "recorded");
        });
        CliRun.Result result = CliRun.InProcess(["-H", daemon.Address, "create", .. flags, "busybox"], Environment);
        if (!expectBody) return (result.ExitCode, result.Out, result.Error, recorded is null ? null! : JsonNode.Parse(recorded)!.AsObject());
        Assert.True(recorded is not null, result.Error);
        return (result.ExitCode, result.Out, result.Error, JsonNode.Parse(Encoding.UTF8.GetString(recorded))!.AsObject());
    }

    /// <summary>Compact JSON with object members sorted, so member order does not matter.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonValue.Create(p.Key).ToJsonString() + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        _ => node.ToJsonString(),
    };
}
