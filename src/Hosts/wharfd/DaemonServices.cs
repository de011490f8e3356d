using Wharf.Daemon.Hosting;
using Wharf.Engine;
using Wharf.Engine.Containers;
using Wharf.Engine.Events;
using Wharf.Images.Archive;
using Wharf.Images.Service;

namespace Wharf.Daemon;

/// <summary>
/// What the routes call: the engine (opened on the data and exec roots, recovered) and the facts about
/// this daemon. The composition itself is <see cref="WharfEngine"/>'s.
/// </summary>
internal sealed class DaemonServices : IDisposable
{
    private readonly WharfEngine _engine;

    private DaemonServices(DaemonOptions options, WharfEngine engine, string engineId, (string Name, string? Path) runtime)
    {
        Options = options;
        _engine = engine;
        EngineId = engineId;
        Runtime = runtime;
    }

    public DaemonOptions Options { get; }
    public ImageService Images => _engine.Images;
    public ContainerService Containers => _engine.Containers;
    public EventLog Events => _engine.Events;

    /// <summary>docker save.</summary>
    public ImageArchiveWriter ArchiveWriter => _engine.ArchiveWriter;
    public string EngineId { get; }

    /// <summary>The OCI runtime containers run under.</summary>
    public (string Name, string? Path) Runtime { get; }

    /// <summary>Opens (creating) the data and exec roots and the engine, which repairs what a crash left half done.</summary>
    public static async Task<DaemonServices> OpenAsync(DaemonOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(options.ExecRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var runtime = RuntimeLocator.Find(options.Runtime);
        var shim = RuntimeLocator.Find(options.Shim);
        var init = RuntimeLocator.Find(options.Init);
        if (runtime.Path is null) logger.LogWarning("OCI runtime {Runtime} not found: containers cannot start", options.Runtime);
        if (shim.Path is null) logger.LogWarning("shim {Shim} not found: containers cannot start", options.Shim);
        var engine = await WharfEngine.OpenAsync(new EngineOptions
        {
            DataRoot = options.DataRoot,
            ExecRoot = options.ExecRoot,
            RuntimePath = runtime.Path ?? options.Runtime,
            ShimPath = shim.Path ?? options.Shim,
            InitPath = init.Path,
        }, note => logger.LogWarning("{Note}", note), cancellationToken);
        return new DaemonServices(options, engine, HostFacts.EngineId(options.DataRoot), runtime);
    }

    public void Dispose() => _engine.Dispose();
}
