using Wharf.Cli.Formatting.Templates;
using static Wharf.Cli.Formatting.Templates.GoValue;

namespace Wharf.Cli.Formatting;

/// <summary>
/// The Go structs of docker 28 that its --format templates run on (api/types, cli/command/system),
/// as far as a template can tell them from their JSON: the maps, the struct type names in errors,
/// and the zero values of the fields their JSON may omit (omitempty) or send as null.
/// </summary>
internal static class DockerStructs
{
    /// <summary>Maps wherever they occur in inspect output (labels, options, port maps, networks).</summary>
    private const string MapNames = "Labels ExposedPorts Volumes PortBindings StorageOpt Tmpfs Sysctls Annotations Ports Networks Data Options DriverOpts Containers Status";

    /// <summary>container.Config and the image config (ocispec + docker's additions): omitempty and nullable fields.</summary>
    private static TemplateSchema WithConfig(this TemplateSchema schema, string path) => schema
        .Zero(path, NilMap, "ExposedPorts Volumes Labels")
        .Zero(path, NilSlice, "Env Cmd Entrypoint OnBuild Shell")
        .Zero(path, NilPointer, "Healthcheck StopTimeout")
        .Zero(path, false, "ArgsEscaped NetworkDisabled")
        .Zero(path, "", "MacAddress StopSignal User WorkingDir");

    /// <summary>container.InspectResponse: `inspect` of a container.</summary>
    public static readonly TemplateSchema Container = new TemplateSchema { RawFallback = true }
        .Maps("HostConfig.LogConfig.Config", MapNames)
        .Zero("", NilPointer, "SizeRw SizeRootFs Node ImageManifestDescriptor")
        .Zero("", NilSlice, "Args ExecIDs Mounts")
        .Zero("State", NilPointer, "Health")
        .WithConfig("Config")
        .Zero("HostConfig", NilSlice, "Binds VolumesFrom CapAdd CapDrop Dns DnsOptions DnsSearch ExtraHosts GroupAdd Links SecurityOpt Devices DeviceCgroupRules DeviceRequests Ulimits BlkioWeightDevice BlkioDeviceReadBps BlkioDeviceWriteBps BlkioDeviceReadIOps BlkioDeviceWriteIOps Mounts MaskedPaths ReadonlyPaths")
        .Zero("HostConfig", NilMap, "PortBindings StorageOpt Tmpfs Sysctls Annotations")
        .Zero("HostConfig", NilPointer, "MemorySwappiness OomKillDisable PidsLimit Init")
        .Zero("HostConfig.LogConfig", NilMap, "Config")
        .Zero("NetworkSettings", NilMap, "Ports Networks")
        .Zero("NetworkSettings", NilSlice, "SecondaryIPAddresses SecondaryIPv6Addresses")
        .Zero("GraphDriver", NilMap, "Data");

    /// <summary>image.InspectResponse: `inspect` of an image.</summary>
    public static readonly TemplateSchema Image = new TemplateSchema { RawFallback = true }
        .Maps(names: MapNames)
        .Zero("", "", "Parent Comment Created Container DockerVersion Author Variant OsVersion")
        .Zero("", NilPointer, "ContainerConfig Descriptor Config")
        .Zero("", NilSlice, "RepoTags RepoDigests Manifests")
        .Zero("", 0L, "VirtualSize")
        .WithConfig("Config")
        .Zero("GraphDriver", NilMap, "Data");

    /// <summary>Networks, volumes: only what is common to every inspect.</summary>
    public static readonly TemplateSchema OtherObject = new TemplateSchema { RawFallback = true }.Maps(names: MapNames);

    public static TemplateSchema ForKind(string kind) => kind switch
    {
        "container" => Container,
        "image" => Image,
        _ => OtherObject,
    };

    /// <summary>`version`: cli/command/system's versionInfo.</summary>
    public static readonly TemplateSchema Version = new TemplateSchema()
        .Struct("", "system.versionInfo", "Client Server")
        .Struct("Client", "system.clientVersion", "Platform Version ApiVersion DefaultAPIVersion GitCommit GoVersion Os Arch BuildTime Context")
        .Struct("Server", "*types.Version", "Platform Components Version ApiVersion MinAPIVersion GitCommit GoVersion Os Arch KernelVersion Experimental BuildTime")
        .Struct("Server.Platform", "struct { Name string }", "Name")
        .Zero("", NilPointer, "Server")
        .Zero("Client", NilPointer, "Platform")
        .Zero("Client", "", "DefaultAPIVersion GoVersion BuildTime Context")
        .Zero("Server", NilSlice, "Components")
        .Zero("Server", false, "Experimental")
        .Zero("Server", "", "BuildTime");

    /// <summary>`info`: cli/command/system's dockerInfo (system.Info, ClientInfo, ServerErrors).</summary>
    public static readonly TemplateSchema Info = new TemplateSchema()
        .Struct("", "system.dockerInfo", """
            ID Containers ContainersRunning ContainersPaused ContainersStopped Images Driver DriverStatus SystemStatus Plugins
            MemoryLimit SwapLimit KernelMemory KernelMemoryTCP CpuCfsPeriod CpuCfsQuota CPUShares CPUSet PidsLimit IPv4Forwarding
            BridgeNfIptables BridgeNfIP6tables Debug NFd OomKillDisable NGoroutines SystemTime LoggingDriver CgroupDriver
            CgroupVersion NEventsListener KernelVersion OperatingSystem OSVersion OSType Architecture IndexServerAddress
            RegistryConfig NCPU MemTotal GenericResources DockerRootDir HTTPProxy HTTPSProxy NoProxy Name Labels
            ExperimentalBuild ServerVersion Runtimes DefaultRuntime Swarm LiveRestoreEnabled Isolation InitBinary
            ContainerdCommit RuncCommit InitCommit SecurityOptions ProductLicense DefaultAddressPools FirewallBackend
            CDISpecDirs Containerd Warnings ClientInfo ServerErrors
            """.Replace('\n', ' '))
        .Struct("ClientInfo", "*system.clientInfo", "Debug Version GitCommit GoVersion Os Arch Context Plugins Warnings")
        .Struct("Plugins", "system.PluginsInfo", "Volume Network Authorization Log")
        .Struct("Swarm", "swarm.Info", "NodeID NodeAddr LocalNodeState ControlAvailable Error RemoteManagers Nodes Managers Cluster Warnings")
        .Struct("RegistryConfig", "*registry.ServiceConfig", "AllowNondistributableArtifactsCIDRs AllowNondistributableArtifactsHostnames InsecureRegistryCIDRs IndexConfigs Mirrors")
        .Struct("ContainerdCommit", "system.Commit", "ID Expected")
        .Struct("RuncCommit", "system.Commit", "ID Expected")
        .Struct("InitCommit", "system.Commit", "ID Expected")
        .Maps("Runtimes RegistryConfig.IndexConfigs")
        .Zero("", "", "ID Name ServerVersion OperatingSystem OSType OSVersion Architecture KernelVersion Driver DockerRootDir LoggingDriver CgroupDriver CgroupVersion DefaultRuntime")
        .Zero("", 0L, "Containers ContainersRunning ContainersPaused ContainersStopped Images NCPU MemTotal");

    /// <summary>`events`: events.Message (status, id and from are deprecated but still fields in docker 28).</summary>
    public static readonly TemplateSchema EventMessage = new TemplateSchema()
        .Struct("", "*events.Message", "status id from Type Action Actor scope time timeNano")
        .Struct("Actor", "events.Actor", "ID Attributes")
        .Maps("Actor.Attributes")
        .Zero("", "", "status id from scope")
        .Zero("", 0L, "time timeNano");
}
