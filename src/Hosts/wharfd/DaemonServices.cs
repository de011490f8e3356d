using Wharf.Content;
using Wharf.Daemon.Hosting;
using Wharf.Images.Archive;
using Wharf.Images.Service;
using Wharf.Images.Store;
using Wharf.Linux.FileSystem;
using Wharf.Snapshots.Overlay;

namespace Wharf.Daemon;

/// <summary>
/// The composition root: the stores under the data root and the services the routes call. The
/// snapshotter locks the data root, so a second daemon on the same root fails here. (To move into
/// Wharf.Engine with the containers.)
/// </summary>
/// <remarks>
/// Layout of the data root: content/ (blobs), images/ (name records), snapshots/ (overlay layers), engine-id.
/// </remarks>
internal sealed class DaemonServices : IDisposable
{
    private readonly OverlaySnapshotter _snapshots;

    private DaemonServices(DaemonOptions options, LocalContentStore content, FileImageStore records, OverlaySnapshotter snapshots, string engineId)
    {
        Options = options;
        _snapshots = snapshots;
        Images = new ImageService(content, records, snapshots);
        ArchiveReader = new ImageArchiveReader(content, records);
        ArchiveWriter = new ImageArchiveWriter(content);
        EngineId = engineId;
        Runtime = RuntimeLocator.Find(options.Runtime);
    }

    public DaemonOptions Options { get; }
    public ImageService Images { get; }

    /// <summary>docker load.</summary>
    public ImageArchiveReader ArchiveReader { get; }

    /// <summary>docker save.</summary>
    public ImageArchiveWriter ArchiveWriter { get; }
    public string EngineId { get; }

    /// <summary>The OCI runtime containers will run under (path null when not found).</summary>
    public (string Name, string? Path) Runtime { get; }

    /// <summary>Opens (creating) the data and exec roots and every store, and repairs what a crash left half done.</summary>
    public static async Task<DaemonServices> OpenAsync(DaemonOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(options.ExecRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var content = LocalContentStore.Open(Path.Join(options.DataRoot, "content"), AtomicFile.FsyncDirectory);
        var records = FileImageStore.Open(options.DataRoot, problem => logger.LogWarning("image record ignored: {Problem}", problem));
        var snapshots = OverlaySnapshotter.Open(Path.Join(options.DataRoot, "snapshots"));
        var services = new DaemonServices(options, content, records, snapshots, HostFacts.EngineId(options.DataRoot));
        try
        {
            var removed = await services.Images.RecoverAsync(cancellationToken);
            if (removed.Count > 0) logger.LogInformation("removed {Count} half-unpacked layers left by a crash", removed.Count);
        }
        catch
        {
            services.Dispose();
            throw;
        }
        return services;
    }

    public void Dispose() => _snapshots.Dispose();
}
