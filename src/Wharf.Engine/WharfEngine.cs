using Wharf.Containers;
using Wharf.Content;
using Wharf.Core;
using Wharf.Engine.Containers;
using Wharf.Engine.Events;
using Wharf.Images.Archive;
using Wharf.Images.Service;
using Wharf.Images.Store;
using Wharf.Linux.FileSystem;
using Wharf.Snapshots.Overlay;

namespace Wharf.Engine;

/// <summary>
/// The composition root: opens the stores under the data root, builds the services, and recovers what a
/// previous run (or crash) left. One engine owns a data root at a time (an exclusive lock says so).
/// </summary>
public sealed class WharfEngine : IDisposable
{
    private readonly FileStream _lock;

    private readonly OverlaySnapshotter _snapshots;

    private WharfEngine(EngineOptions options, FileStream rootLock, LocalContentStore content,
        OverlaySnapshotter snapshots, ImageService images, ContainerService containers, EventLog events)
    {
        Options = options;
        _lock = rootLock;
        _snapshots = snapshots;
        Images = images;
        Containers = containers;
        Events = events;
        ArchiveWriter = new ImageArchiveWriter(content);
    }

    /// <summary>docker save.</summary>
    public ImageArchiveWriter ArchiveWriter { get; }

    public EngineOptions Options { get; }

    public ImageService Images { get; }

    public ContainerService Containers { get; }

    public EventLog Events { get; }

    /// <summary>Opens (creating) the data and exec roots and recovers; the problems found are passed to <paramref name="report"/>.</summary>
    public static async Task<WharfEngine> OpenAsync(EngineOptions options, Action<string>? report = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.DataRoot);
        Directory.CreateDirectory(options.ExecRoot);
        var rootLock = LockRoot(options.DataRoot);
        try
        {
            var content = LocalContentStore.Open(Path.Join(options.DataRoot, "content"), AtomicFile.FsyncDirectory);
            var records = FileImageStore.Open(options.DataRoot, report);
            var snapshots = OverlaySnapshotter.Open(Path.Join(options.DataRoot, "snapshots"));
            var images = new ImageService(content, records, snapshots);
            var events = new EventLog();
            var store = new ContainerStore(Path.Join(options.DataRoot, "containers"));
            var containers = new ContainerService(options, store, images, snapshots, events);

            foreach (string note in await images.RecoverAsync(cancellationToken).ConfigureAwait(false)) report?.Invoke(note);
            foreach (string note in await containers.RecoverAsync(cancellationToken).ConfigureAwait(false)) report?.Invoke(note);
            return new WharfEngine(options, rootLock, content, snapshots, images, containers, events);
        }
        catch
        {
            rootLock.Dispose();
            throw;
        }
    }

    private static FileStream LockRoot(string dataRoot)
    {
        var file = new FileStream(Path.Join(dataRoot, "wharfd.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (Wharf.Linux.Interop.Libc.Flock((int)file.SafeFileHandle.DangerousGetHandle(), Wharf.Linux.Interop.Libc.LOCK_EX | Wharf.Linux.Interop.Libc.LOCK_NB) != 0)
        {
            file.Dispose();
            throw WharfException.Conflict($"another wharfd is using the data root {dataRoot}");
        }
        return file;
    }

    public void Dispose()
    {
        _snapshots.Dispose();
        _lock.Dispose();
    }
}
