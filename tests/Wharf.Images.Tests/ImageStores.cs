using Wharf.Content;
using Wharf.Images.Service;
using Wharf.Images.Store;
using Wharf.Linux.FileSystem;
using Wharf.Snapshots.Overlay;

namespace Wharf.Images.Tests;

/// <summary>
/// The stores of a data root, opened as a daemon opens them: content (blobs fsynced into their
/// directories), image records, the overlay snapshotter (which takes the root's lock and cleans up
/// after a crash) and the image service over them. Shared by the tests' worlds, the crash checks
/// and the crash worker (linked into tests/image-crash-worker). Dispose releases the lock.
/// </summary>
internal class ImageStores : IDisposable
{
    /// <param name="corrupt">Told the name of each record that cannot be read; by default they are collected in <see cref="Corrupt"/>.</param>
    public ImageStores(string root, Action<string>? corrupt = null)
    {
        Root = root;
        Content = LocalContentStore.Open(Path.Join(root, "content"), AtomicFile.FsyncDirectory);
        Records = FileImageStore.Open(root, corrupt ?? Corrupt.Add);
        Snapshots = OverlaySnapshotter.Open(Path.Join(root, "snapshots"));
        Service = new ImageService(Content, Records, Snapshots);
    }

    public string Root { get; }
    public LocalContentStore Content { get; }
    public FileImageStore Records { get; }
    public OverlaySnapshotter Snapshots { get; }
    public ImageService Service { get; }
    public List<string> Corrupt { get; } = [];

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Snapshots.Dispose();
    }
}
