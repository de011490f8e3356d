using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Daemon.Hosting;
using Wharf.Daemon.Http;

namespace Wharf.Daemon.Routes;

/// <summary>/_ping, /version, /info.</summary>
internal static class SystemRoutes
{
    public static void Map(RouteTable routes, DaemonServices services)
    {
        routes.Get("/_ping", PingAsync);
        routes.Head("/_ping", PingAsync);
        routes.Get("/version", context => VersionAsync(context, services));
        routes.Get("/info", context => InfoAsync(context, services));
        routes.Post("/auth", AuthAsync);
        routes.Get("/system/df", context => DiskUsageAsync(context, services));
    }

    private static readonly string[] DiskUsageTypes = ["container", "image", "volume", "build-cache"];

    /// <summary>
    /// GET /system/df: what images, containers, volumes and the build cache take, for the kinds
    /// asked (<c>type</c>, repeatable; all when none). Wharf has no volumes or build cache yet.
    /// </summary>
    private static async Task DiskUsageAsync(HttpContext context, DaemonServices services)
    {
        var types = context.QueryAll("type");
        foreach (string type in types)
        {
            if (!DiskUsageTypes.Contains(type)) throw new ApiRequestException($"unknown object type: {type}");
        }
        bool Wants(string type) => types.Count == 0 || types.Contains(type);
        var answer = new SystemDiskUsage();
        Dictionary<string, long>? imageSizes = null;
        if (Wants("image"))
        {
            var usage = await services.Images.DiskUsageAsync(context.RequestAborted);
            imageSizes = usage.Images.ToDictionary(u => u.Summary.Id.ToString(), u => u.Summary.Size); // the containers' SizeRootFs reuses them
            var users = services.Containers.All().GroupBy(c => c.ImageId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            bool legacySize = context.ApiVersion() < new ApiVersion(1, 44);
            answer.LayersSize = usage.LayersSize;
            answer.Images = usage.Images.Select(u =>
            {
                var image = ImageRoutes.ToWire(u.Summary, legacySize);
                image.SharedSize = u.SharedSize;
                image.Containers = users.GetValueOrDefault(u.Summary.Id.ToString());
                return image;
            }).ToList();
        }
        if (Wants("container"))
        {
            var all = new Wharf.Containers.ContainerListOptions { All = true, Filters = Wharf.Containers.ContainerFilters.Parse(new Dictionary<string, IReadOnlyList<string>>()) };
            answer.Containers = await ContainerRoutes.SummariesAsync(services, all, size: true, context.RequestAborted, imageSizes);
        }
        if (Wants("volume")) answer.Volumes = [];
        if (Wants("build-cache")) answer.BuildCache = [];
        await ApiResponse.JsonAsync(context, answer, ApiJson.Context.SystemDiskUsage);
    }

    /// <summary>docker login: the body is read and checked; checking credentials needs the registry client (not here yet).</summary>
    private static async Task AuthAsync(HttpContext context)
    {
        var auth = await RequestBody.ReadJsonAsync(context, ApiJson.Context.AuthConfig);
        string registry = string.IsNullOrEmpty(auth!.ServerAddress) ? "https://index.docker.io/v1/" : auth.ServerAddress;
        throw new ApiRequestException($"logging in to {registry} is not supported by wharfd yet");
    }

    /// <summary>What the CLI negotiates with: the version headers (set for every answer), the builder and swarm headers, "OK".</summary>
    private static async Task PingAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["Builder-Version"] = "1";
        headers["Swarm"] = "inactive";
        headers.CacheControl = "no-cache, no-store, must-revalidate";
        headers.Pragma = "no-cache";
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.ContentLength = 0;
            return;
        }
        context.Response.ContentLength = 2;
        await context.Response.Body.WriteAsync("OK"u8.ToArray(), context.RequestAborted);
    }

    private static Task VersionAsync(HttpContext context, DaemonServices services)
    {
        string kernel = HostFacts.KernelVersion;
        var version = new SystemVersion
        {
            Platform = new PlatformName { Name = "Wharf Engine" },
            Components =
            [
                new ComponentVersion
                {
                    Name = "Engine",
                    Version = DaemonVersion.Version,
                    Details = new Dictionary<string, string>
                    {
                        ["ApiVersion"] = ApiVersion.Max.ToString(),
                        ["MinAPIVersion"] = ApiVersion.Min.ToString(),
                        ["GitCommit"] = DaemonVersion.GitCommit,
                        ["GoVersion"] = DaemonVersion.RuntimeVersion,
                        ["Os"] = "linux",
                        ["Arch"] = DaemonVersion.Architecture,
                        ["KernelVersion"] = kernel,
                        ["BuildTime"] = DaemonVersion.BuildTime,
                        ["Experimental"] = "false",
                    },
                },
                new ComponentVersion
                {
                    Name = services.Runtime.Name,
                    Version = DaemonVersion.Version,
                    Details = new Dictionary<string, string> { ["GitCommit"] = DaemonVersion.GitCommit },
                },
            ],
            Version = DaemonVersion.Version,
            ApiVersion = ApiVersion.Max.ToString(),
            MinAPIVersion = ApiVersion.Min.ToString(),
            GitCommit = DaemonVersion.GitCommit,
            GoVersion = DaemonVersion.RuntimeVersion,
            Os = "linux",
            Arch = DaemonVersion.Architecture,
            KernelVersion = kernel,
            BuildTime = DaemonVersion.BuildTime,
        };
        return ApiResponse.JsonAsync(context, version, ApiJson.Context.SystemVersion);
    }

    private static async Task InfoAsync(HttpContext context, DaemonServices services)
    {
        var images = await services.Images.ListAsync(cancellationToken: context.RequestAborted);
        var (osName, osVersion) = HostFacts.OperatingSystem;
        string cgroupVersion = HostFacts.CgroupVersion;
        var runtime = services.Runtime;
        var info = new SystemInfo
        {
            ID = services.EngineId,
            Containers = 0,
            Images = images.Count,
            Driver = "overlayfs",
            DriverStatus = [["driver-type", "io.containerd.snapshotter.v1"]],
            DockerRootDir = services.Options.DataRoot,
            Plugins = new PluginsInfo { Volume = ["local"], Network = ["bridge", "host", "none"], Log = ["json-file"] },
            MemoryLimit = true,
            SwapLimit = true,
            CpuCfsPeriod = true,
            CpuCfsQuota = true,
            CPUShares = true,
            CPUSet = true,
            PidsLimit = true,
            OomKillDisable = cgroupVersion == "1",
            IPv4Forwarding = File.Exists("/proc/sys/net/ipv4/ip_forward") && File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim() == "1",
            Debug = services.Options.Debug,
            NFd = CountEntries("/proc/self/fd"),
            NGoroutines = CountEntries("/proc/self/task"),
            SystemTime = ApiTime.Format(DateTimeOffset.Now),
            LoggingDriver = "json-file",
            CgroupDriver = "cgroupfs",
            CgroupVersion = cgroupVersion,
            KernelVersion = HostFacts.KernelVersion,
            OperatingSystem = osName,
            OSVersion = osVersion,
            OSType = "linux",
            Architecture = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64 ? "x86_64" : DaemonVersion.Architecture,
            NCPU = Environment.ProcessorCount,
            MemTotal = HostFacts.MemTotal,
            IndexServerAddress = "https://index.docker.io/v1/",
            RegistryConfig = new RegistryServiceConfig
            {
                InsecureRegistryCIDRs = ["::1/128", "127.0.0.0/8"],
                IndexConfigs = new Dictionary<string, IndexInfo>
                {
                    ["docker.io"] = new IndexInfo { Name = "docker.io", Secure = true, Official = true },
                },
            },
            Name = HostFacts.Hostname,
            ServerVersion = DaemonVersion.Version,
            Runtimes = new Dictionary<string, RuntimeInfo> { [runtime.Name] = new RuntimeInfo { Path = runtime.Path ?? runtime.Name } },
            DefaultRuntime = runtime.Name,
            Swarm = new SwarmInfo { LocalNodeState = "inactive" },
            Isolation = "",
            InitBinary = "",
            SecurityOptions = ["name=seccomp,profile=builtin", "name=cgroupns"],
            Warnings = runtime.Path is null ? [$"WARNING: the OCI runtime {runtime.Name} was not found: containers cannot run"] : [],
        };
        if (cgroupVersion == "1") info.SecurityOptions.Remove("name=cgroupns");
        await ApiResponse.JsonAsync(context, info, ApiJson.Context.SystemInfo);
    }

    /// <summary>Open files and threads: the closest to Docker's NFd and NGoroutines.</summary>
    private static int CountEntries(string directory)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(directory).Count();
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
