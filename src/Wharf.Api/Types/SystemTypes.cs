using System.Text.Json.Serialization;

namespace Wharf.Api.Types;

/// <summary><c>GET /version</c>. The CLI prints the Engine block from <see cref="Components"/>["Engine"].Details.</summary>
public sealed class SystemVersion
{
    public PlatformName Platform { get; set; } = new();
    public List<ComponentVersion> Components { get; set; } = [];
    public string Version { get; set; } = "";
    public string ApiVersion { get; set; } = "";
    public string MinAPIVersion { get; set; } = "";
    public string GitCommit { get; set; } = "";
    public string GoVersion { get; set; } = "";
    public string Os { get; set; } = "";
    public string Arch { get; set; } = "";
    public string KernelVersion { get; set; } = "";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Experimental { get; set; }

    /// <summary>RFC3339Nano.</summary>
    public string BuildTime { get; set; } = "";
}

public sealed class PlatformName
{
    public string Name { get; set; } = "";
}

public sealed class ComponentVersion
{
    public string Name { get; set; } = "";
    public string Version { get; set; } = "";

    /// <summary>String values only: the CLI reads them as map[string]string.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Details { get; set; }
}

/// <summary><c>GET /info</c>.</summary>
public sealed class SystemInfo
{
    public string ID { get; set; } = "";
    public int Containers { get; set; }
    public int ContainersRunning { get; set; }
    public int ContainersPaused { get; set; }
    public int ContainersStopped { get; set; }
    public int Images { get; set; }
    public string Driver { get; set; } = "";

    /// <summary>[[key, value], ...].</summary>
    public List<string[]> DriverStatus { get; set; } = [];
    public string DockerRootDir { get; set; } = "";
    public PluginsInfo Plugins { get; set; } = new();
    public bool MemoryLimit { get; set; }
    public bool SwapLimit { get; set; }
    public bool KernelMemoryTCP { get; set; }
    public bool CpuCfsPeriod { get; set; }
    public bool CpuCfsQuota { get; set; }
    public bool CPUShares { get; set; }
    public bool CPUSet { get; set; }
    public bool PidsLimit { get; set; }
    public bool OomKillDisable { get; set; }
    public bool IPv4Forwarding { get; set; }
    public bool BridgeNfIptables { get; set; }
    public bool BridgeNfIp6tables { get; set; }
    public bool Debug { get; set; }
    public int NFd { get; set; }
    public int NGoroutines { get; set; }

    /// <summary>RFC3339Nano.</summary>
    public string SystemTime { get; set; } = "";
    public string LoggingDriver { get; set; } = "";
    public string CgroupDriver { get; set; } = "";
    public string CgroupVersion { get; set; } = "";
    public int NEventsListener { get; set; }
    public string KernelVersion { get; set; } = "";
    public string OperatingSystem { get; set; } = "";
    public string OSVersion { get; set; } = "";
    public string OSType { get; set; } = "linux";
    public string Architecture { get; set; } = "";
    public int NCPU { get; set; }
    public long MemTotal { get; set; }
    public string IndexServerAddress { get; set; } = "";
    public RegistryServiceConfig RegistryConfig { get; set; } = new();
    public string HttpProxy { get; set; } = "";
    public string HttpsProxy { get; set; } = "";
    public string NoProxy { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Labels { get; set; } = [];
    public bool ExperimentalBuild { get; set; }
    public string ServerVersion { get; set; } = "";
    public Dictionary<string, RuntimeInfo> Runtimes { get; set; } = [];
    public string DefaultRuntime { get; set; } = "";
    public SwarmInfo Swarm { get; set; } = new();
    public bool LiveRestoreEnabled { get; set; }
    public string Isolation { get; set; } = "";
    public string InitBinary { get; set; } = "";
    public CommitInfo ContainerdCommit { get; set; } = new();
    public CommitInfo RuncCommit { get; set; } = new();
    public CommitInfo InitCommit { get; set; } = new();

    /// <summary>Each "name=seccomp,profile=builtin" or a bare name: the CLI fails on anything else.</summary>
    public List<string> SecurityOptions { get; set; } = [];
    public List<string> Warnings { get; set; } = [];
    public List<string> CDISpecDirs { get; set; } = [];
}

public sealed class PluginsInfo
{
    public List<string> Volume { get; set; } = [];
    public List<string> Network { get; set; } = [];
    public List<string>? Authorization { get; set; }
    public List<string> Log { get; set; } = [];
}

public sealed class RegistryServiceConfig
{
    public List<string> InsecureRegistryCIDRs { get; set; } = [];
    public Dictionary<string, IndexInfo> IndexConfigs { get; set; } = [];
    public List<string> Mirrors { get; set; } = [];
}

public sealed class IndexInfo
{
    public string Name { get; set; } = "";
    public List<string> Mirrors { get; set; } = [];
    public bool Secure { get; set; }
    public bool Official { get; set; }
}

/// <summary>An OCI runtime the daemon can use (<c>Runtimes</c> in /info).</summary>
public sealed class RuntimeInfo
{
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    [JsonPropertyName("runtimeArgs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? RuntimeArgs { get; set; }
}

public sealed class CommitInfo
{
    public string ID { get; set; } = "";
}

public sealed class SwarmInfo
{
    public string NodeID { get; set; } = "";
    public string NodeAddr { get; set; } = "";

    /// <summary>"inactive": anything else makes the CLI print a swarm block.</summary>
    public string LocalNodeState { get; set; } = "inactive";
    public bool ControlAvailable { get; set; }
    public string Error { get; set; } = "";
    public List<PeerNode>? RemoteManagers { get; set; }
}

public sealed class PeerNode
{
    public string NodeID { get; set; } = "";
    public string Addr { get; set; } = "";
}

/// <summary>
/// GET /system/df (docker system df): the images with their containers and shared bytes, the
/// containers with their sizes. Wharf has no volumes or build cache yet: those lists are empty.
/// </summary>
public sealed class SystemDiskUsage
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LayersSize { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ImageSummary>? Images { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<ContainerSummary>? Containers { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<Dictionary<string, string>>? Volumes { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<Dictionary<string, string>>? BuildCache { get; set; }
}
