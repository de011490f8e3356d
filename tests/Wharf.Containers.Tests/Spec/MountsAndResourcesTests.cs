using Wharf.Core;
using Wharf.Core.Oci;

namespace Wharf.Containers.Tests.Spec;

/// <summary>
/// HostConfig.Mounts, blkio limits, device requests, Windows-only resources and endpoint settings
/// at create (moby's checks and messages) and in the generated spec.
/// </summary>
public sealed class MountsAndResourcesTests : IDisposable
{
    private readonly FakeRootfs _rootfs = new();
    private static readonly string Id = Records.Id("0123456789abcdef");
    private static readonly HostFeatures Host = new() { PathExists = path => path.TrimEnd('/') is "/srv" or "/srv/data" or "/etc/motd", Blkio = BlkioSupport.All };

    public void Dispose() => _rootfs.Dispose();

    private static (Container Container, IReadOnlyList<string> Warnings) Create(HostSettings host, HostFeatures? features = null,
        IReadOnlyDictionary<string, EndpointRequest?>? endpoints = null) =>
        ContainerCreation.Create(new ContainerCreateRequest
        {
            Id = Id, Name = "/x", Config = new ContainerConfig { Cmd = ["true"] }, HostSettings = host, ImageId = "sha256:1",
            Features = features ?? Host, Endpoints = endpoints,
        });

    private static string Refusal(HostSettings host, HostFeatures? features = null, IReadOnlyDictionary<string, EndpointRequest?>? endpoints = null)
    {
        var e = Assert.Throws<WharfException>(() => Create(host, features, endpoints));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        return e.Message;
    }

    private static MountRequest Bind(string source, string target, bool readOnly = false, MountBindOptions? options = null) =>
        new() { Type = "bind", Source = source, Target = target, ReadOnly = readOnly, BindOptions = options };

    private static HostSettings WithMounts(params MountRequest[] mounts) => new() { Mounts = mounts };

    public static TheoryData<MountRequest, string> BadMounts => new()
    {
        { Bind("/nonexistent", "/m"), "invalid mount config for type \"bind\": bind source path does not exist: /nonexistent" },
        { Bind("/srv", "m"), "invalid mount config for type \"bind\": invalid mount path: 'm' mount path must be absolute" },
        { Bind("/srv", "/"), "invalid mount config for type \"bind\": invalid specification: destination can't be '/'" },
        { Bind("/srv", ""), "invalid mount config for type \"bind\": field Target must not be empty" },
        { Bind("", "/m"), "invalid mount config for type \"bind\": field Source must not be empty" },
        { Bind("srv", "/m"), "invalid mount config for type \"bind\": invalid mount path: 'srv' mount path must be absolute" },
        { Bind("/srv", "/m", options: new MountBindOptions { Propagation = "sideways" }), "invalid mount config for type \"bind\": invalid propagation mode: sideways" },
        { Bind("/srv", "/m") with { HasVolumeOptions = true }, "invalid mount config for type \"bind\": field VolumeOptions must not be specified" },
        { new MountRequest { Type = "tmpfs", Source = "/x", Target = "/t" }, "invalid mount config for type \"tmpfs\": field Source must not be specified" },
        { new MountRequest { Type = "tmpfs", Target = "/t", BindOptions = new MountBindOptions() }, "invalid mount config for type \"tmpfs\": field BindOptions must not be specified" },
        {
            new MountRequest { Type = "tmpfs", Target = "/t", TmpfsOptions = new MountTmpfsOptions { Options = [["suid"]] } },
            "invalid mount config for type \"tmpfs\": invalid option: suid"
        },
        { new MountRequest { Type = "volume", Source = "data", Target = "/v" }, "invalid mount config for type \"volume\": volumes are not supported by wharf yet" },
        { new MountRequest { Type = "volume", Target = "/v", ReadOnly = true }, "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes" },
        { new MountRequest { Type = "image", Source = "busybox", Target = "/i" }, "invalid mount config for type \"image\": image mounts are not supported by wharf yet" },
        { new MountRequest { Type = "npipe", Source = "/x", Target = "/m" }, "invalid mount config for type \"npipe\": mount type unknown" },
        { new MountRequest { Type = "cluster", Source = "x", Target = "/m" }, "invalid mount config for type \"cluster\": mount type unknown" },
    };

    [Theory]
    [MemberData(nameof(BadMounts))]
    public void Mounts_moby_refuses_are_refused_with_its_words(MountRequest mount, string message) =>
        Assert.Equal(message, Refusal(WithMounts(mount)));

    [Fact]
    public void A_destination_is_mounted_once_across_binds_mounts_and_tmpfs()
    {
        Assert.Equal("Duplicate mount point: /m", Refusal(new HostSettings { Binds = ["/srv:/m"], Mounts = [Bind("/srv", "/m")] }));
        Assert.Equal("Duplicate mount point: /m/", Refusal(WithMounts(Bind("/srv", "/m"), new MountRequest { Type = "tmpfs", Target = "/m/" })));
        Assert.Equal("Duplicate mount point: /m", Refusal(new HostSettings { Binds = ["/srv:/m"], Tmpfs = new Dictionary<string, string> { ["/m"] = "" } }));
        // moby does not hold a --mount tmpfs against a --tmpfs at the same place (the later mount wins).
        Create(new HostSettings { Mounts = [new MountRequest { Type = "tmpfs", Target = "/m" }], Tmpfs = new Dictionary<string, string> { ["/m"] = "" } });
    }

    [Fact]
    public void Inspect_lists_binds_then_mounts_as_moby_does()
    {
        var (container, _) = Create(new HostSettings
        {
            Binds = ["/srv:/v:ro,z"],
            Mounts =
            [
                Bind("/srv/data/", "/m", readOnly: true),
                new MountRequest { Type = "tmpfs", Target = "/t", TmpfsOptions = new MountTmpfsOptions { SizeBytes = 1 << 20, Mode = Convert.ToInt32("1770", 8) } },
                Bind("/srv", "/n", options: new MountBindOptions { Propagation = "rslave", NonRecursive = true }),
            ],
        });
        Assert.Equal(
        [
            new ContainerMountPoint { Type = "bind", Source = "/srv", Destination = "/v", Mode = "ro,z", RW = false, Propagation = "rprivate" },
            new ContainerMountPoint { Type = "bind", Source = "/srv/data", Destination = "/m", RW = false, Propagation = "rprivate" },
            new ContainerMountPoint { Type = "tmpfs", Destination = "/t", RW = true },
            new ContainerMountPoint { Type = "bind", Source = "/srv", Destination = "/n", RW = true, Propagation = "rslave" },
        ], container.Mounts!);
    }

    [Fact]
    public void Binds_and_mounts_reach_the_spec_with_dockers_options()
    {
        var (container, _) = Create(new HostSettings
        {
            Binds = ["/srv:/v:ro"],
            Mounts =
            [
                Bind("/etc/motd", "/motd", readOnly: true),
                Bind("/srv", "/n", options: new MountBindOptions { Propagation = "rslave", NonRecursive = true }),
                new MountRequest { Type = "tmpfs", Target = "/t", TmpfsOptions = new MountTmpfsOptions { SizeBytes = 3 << 20, Mode = Convert.ToInt32("1770", 8) } },
                new MountRequest { Type = "tmpfs", Target = "/r", ReadOnly = true, TmpfsOptions = new MountTmpfsOptions { SizeBytes = 1000, Options = [["exec"]] } },
            ],
        });
        var spec = ContainerSpecBuilder.Build(new ContainerSpecInput { Container = container, RootfsPath = _rootfs.Root, KernelVersion = new Version(6, 1) });
        MountSpec Mount(string destination) => spec.Mounts!.Single(m => m.Destination == destination);
        Assert.Equal(("bind", "/srv"), (Mount("/v").Type, Mount("/v").Source));
        Assert.Equal(["rbind", "ro", "rprivate"], Mount("/v").Options!);
        Assert.Equal(["rbind", "ro", "rprivate"], Mount("/motd").Options!);
        Assert.Equal(["bind", "rslave"], Mount("/n").Options!);
        Assert.Equal("tmpfs", Mount("/t").Type);
        Assert.Equal(["noexec", "nosuid", "nodev", "rprivate", "mode=1770", "size=3m"], Mount("/t").Options!);
        Assert.Equal(["nosuid", "nodev", "rprivate", "ro", "size=1000", "exec"], Mount("/r").Options!);
    }

    [Fact]
    public void Blkio_limits_become_the_specs_block_io_with_the_devices_numbers()
    {
        var (container, warnings) = Create(new HostSettings
        {
            BlkioWeight = 300,
            BlkioWeightDevice = [new BlkioWeightDevice { Path = "/dev/sda", Weight = 200 }],
            BlkioDeviceReadBps = [new BlkioThrottleDevice { Path = "/dev/sda", Rate = 1 << 20 }],
            BlkioDeviceWriteIOps = [new BlkioThrottleDevice { Path = "/dev/sdb", Rate = 7 }],
        });
        Assert.Empty(warnings);
        var spec = ContainerSpecBuilder.Build(new ContainerSpecInput
        {
            Container = container, RootfsPath = _rootfs.Root, KernelVersion = new Version(6, 1),
            DeviceNumber = path => path == "/dev/sda" ? (8, 0) : (8, 16),
        });
        var io = spec.Linux!.Resources!.BlockIO!;
        Assert.Equal((ushort)300, io.Weight);
        Assert.Equal([new WeightDeviceSpec { Major = 8, Minor = 0, Weight = 200 }], io.WeightDevice!);
        Assert.Equal([new ThrottleDeviceSpec { Major = 8, Minor = 0, Rate = 1 << 20 }], io.ThrottleReadBpsDevice!);
        Assert.Equal([new ThrottleDeviceSpec { Major = 8, Minor = 16, Rate = 7 }], io.ThrottleWriteIOPSDevice!);
        Assert.Null(io.ThrottleWriteBpsDevice);

        var noDevice = Assert.Throws<WharfException>(() => ContainerSpecBuilder.Build(new ContainerSpecInput
        {
            Container = container with { HostSettings = new HostSettings { BlkioDeviceReadBps = [new BlkioThrottleDevice { Path = "/dev/wharf-nosuch", Rate = 1 }] } },
            RootfsPath = _rootfs.Root, KernelVersion = new Version(6, 1),
        }));
        Assert.Equal("stat /dev/wharf-nosuch: no such file or directory", noDevice.Message);
    }

    [Fact]
    public void What_the_cgroup_cannot_do_is_discarded_with_mobys_warnings()
    {
        var v1WithoutWeights = new BlkioSupport(Weight: false, WeightDevice: false, ReadBpsDevice: true, WriteBpsDevice: true, ReadIOpsDevice: false, WriteIOpsDevice: true);
        var (container, warnings) = Create(new HostSettings
        {
            BlkioWeight = 5, // out of range, but discarded first as moby does
            BlkioWeightDevice = [new BlkioWeightDevice { Path = "/dev/sda", Weight = 200 }],
            BlkioDeviceReadBps = [new BlkioThrottleDevice { Path = "/dev/sda", Rate = 10 }],
            BlkioDeviceReadIOps = [new BlkioThrottleDevice { Path = "/dev/sda", Rate = 10 }],
            CpuPercent = 50,
            CpuCount = 2,
        }, Host with { Blkio = v1WithoutWeights });
        Assert.Equal(
        [
            "linux does not support CPU percent. Percent discarded.",
            "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.",
            "Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.",
            "Your kernel does not support IOPS Block read limit or the cgroup is not mounted. Block I/O IOPS read limit discarded.",
        ], warnings);
        var host = container.HostSettings;
        Assert.Equal((0, 0L, 2L), (host.BlkioWeight, host.CpuPercent, host.CpuCount));
        Assert.Empty(host.BlkioWeightDevice!);
        Assert.Single(host.BlkioDeviceReadBps!);
        Assert.Equal("Range of blkio weight is from 10 to 1000", Refusal(new HostSettings { BlkioWeight = 5 }));
    }

    [Fact]
    public void Windows_qos_limits_are_refused_and_gpus_fail_the_start_without_a_device_driver()
    {
        Assert.Equal("invalid option: QoS maximum bandwidth configuration is not supported on linux", Refusal(new HostSettings { IOMaximumBandwidth = 10 }));
        Assert.Equal("invalid option: QoS maximum IOPs configuration is not supported on linux", Refusal(new HostSettings { IOMaximumIOps = 10 }));

        var (container, _) = Create(new HostSettings { DeviceRequests = [new DeviceRequest { Count = -1, Capabilities = [["gpu"]] }] });
        var e = Assert.Throws<WharfException>(() => ContainerSpecBuilder.Build(new ContainerSpecInput { Container = container, RootfsPath = _rootfs.Root }));
        Assert.Equal("could not select device driver \"\" with capabilities: [[gpu]]", e.Message);
        var nvidia = container with { HostSettings = new HostSettings { DeviceRequests = [new DeviceRequest { Driver = "nvidia", Capabilities = [["compute", "gpu"]] }] } };
        Assert.Equal("could not select device driver \"nvidia\" with capabilities: [[compute gpu]]",
            Assert.Throws<WharfException>(() => ContainerSpecBuilder.Build(new ContainerSpecInput { Container = nvidia, RootfsPath = _rootfs.Root })).Message);
    }

    [Fact]
    public void Links_conflict_with_host_and_container_networking()
    {
        Assert.Equal("conflicting options: host type networking can't be used with links. This would result in undefined behavior",
            Refusal(new HostSettings { NetworkMode = "host", Links = ["db"] }));
        Assert.Equal("conflicting options: container type network can't be used with links. This would result in undefined behavior",
            Refusal(new HostSettings { NetworkMode = "container:db", Links = ["db"] }));
    }

    [Fact]
    public void Predefined_networks_take_no_static_ip_or_alias_but_keep_a_mac_address()
    {
        var ip = new Dictionary<string, EndpointRequest?> { ["default"] = new EndpointRequest { IPv4Address = "172.17.0.9" } };
        Assert.Equal("invalid config for network default: invalid endpoint settings:\nuser specified IP address is supported on user defined networks only",
            Refusal(new HostSettings(), endpoints: ip));
        var both = new Dictionary<string, EndpointRequest?> { ["none"] = new EndpointRequest { IPv6Address = "zz", Aliases = ["a"] } };
        Assert.Equal("invalid config for network none: invalid endpoint settings:\n* user specified IP address is supported on user defined networks only\n"
            + "* network-scoped alias is supported only for containers in user defined networks\n* invalid IPv6 address: zz",
            Refusal(new HostSettings { NetworkMode = "none" }, endpoints: both));
        Assert.Equal("invalid config for network default: invalid MAC address 92:d0",
            Refusal(new HostSettings(), endpoints: new Dictionary<string, EndpointRequest?> { ["default"] = new EndpointRequest { MacAddress = "92:d0" } }));

        var (container, _) = Create(new HostSettings(), endpoints: new Dictionary<string, EndpointRequest?>
        {
            ["default"] = new EndpointRequest { MacAddress = "92:d0:c6:0a:29:33", LinkLocalIPs = ["169.254.1.1"] },
        });
        var endpoint = container.Networks!["bridge"];
        Assert.Equal("92:d0:c6:0a:29:33", endpoint.MacAddress);
        Assert.Equal(["169.254.1.1"], endpoint.LinkLocalIPs!);
        Assert.Null(Create(new HostSettings()).Container.Networks);
    }
}
