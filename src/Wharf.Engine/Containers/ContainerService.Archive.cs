using Wharf.Containers;
using Wharf.Core;
using Wharf.Snapshots.Layers;

namespace Wharf.Engine.Containers;

/// <summary>What `docker cp` into a container asks for (PUT /containers/{id}/archive).</summary>
public sealed record ExtractRequest
{
    /// <summary>Refuse to replace a directory with a non-directory or the other way round (the CLI always asks).</summary>
    public bool NoOverwriteDirNonDir { get; init; }

    /// <summary>`docker cp -a`: everything belongs to the container's user, not to the archive's owners.</summary>
    public bool CopyUidGid { get; init; }
}

public sealed partial class ContainerService
{
    /// <summary>HEAD /containers/{id}/archive: the stat of <paramref name="path"/> in the container, running or not.</summary>
    public Task<PathStat> StatPathAsync(string idOrName, string path, CancellationToken cancellationToken = default) =>
        WithRootfsAsync(Find(idOrName), (rootfs, mounts) =>
        {
            using var tree = new ContainerTree(rootfs, mounts);
            using var node = tree.Find(path) ?? throw FileNotFound(path, idOrName);
            return Task.FromResult(tree.Stat(node));
        }, cancellationToken);

    /// <summary>
    /// GET /containers/{id}/archive: <paramref name="path"/> as a tar, its entries named as Docker names
    /// them (the base name of the path, a directory's contents under it; "path/." names them "./...").
    /// <paramref name="openOutput"/> is called with the stat once the path is found (the route sends its
    /// headers then) and gives the stream to write to. The rootfs stays mounted until the tar is written.
    /// </summary>
    public async Task ArchivePathAsync(string idOrName, string path, Func<PathStat, Task<Stream>> openOutput, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        await WithRootfsAsync(live, async (rootfs, mounts) =>
        {
            using var tree = new ContainerTree(rootfs, mounts);
            using var node = tree.Find(path) ?? throw FileNotFound(path, idOrName);
            var stat = tree.Stat(node);
            var output = await openOutput(stat).ConfigureAwait(false);
            await TreeArchive.WriteAsync(node.ParentFd, node.Name, ArchiveName(node), output, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        Publish(live, "archive-path");
    }

    /// <summary>
    /// PUT /containers/{id}/archive: unpacks <paramref name="archive"/> (tar, gzip or zstd) into the
    /// directory <paramref name="path"/> of the container (symlinks followed inside the container, the
    /// last one too). The archive cannot reach outside that directory (see <see cref="TreeArchive.ExtractAsync"/>).
    /// </summary>
    public async Task ExtractToDirectoryAsync(string idOrName, string path, Stream archive, ExtractRequest request, CancellationToken cancellationToken = default)
    {
        var live = Find(idOrName);
        await WithRootfsAsync(live, async (rootfs, mounts) =>
        {
            var record = live.Record;
            using var tree = new ContainerTree(rootfs, mounts);
            using var point = tree.OpenDirectory(path) ?? throw FileNotFound(path, idOrName);
            // moby's checkWritablePath: a volume's own flag, else the rootfs's.
            if (point.Mount is { ReadOnly: true }) throw WharfException.Invalid("mounted volume is marked read-only");
            if (point.Mount is null && record.HostSettings.ReadonlyRootfs) throw WharfException.Invalid("container rootfs is marked read-only");
            (uint, uint)? owner = null;
            if (request.CopyUidGid && !string.IsNullOrEmpty(record.Config.User))
            {
                var user = RootfsUser.Resolve(rootfs, record.Config.User, null);
                owner = (user.Uid, user.Gid);
            }
            await TreeArchive.ExtractAsync(archive, point.Fd, new TreeExtractOptions
            {
                ShownTarget = point.Resolved,
                NoOverwriteDirNonDir = request.NoOverwriteDirNonDir,
                Owner = owner,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        Publish(live, "extract-to-dir");
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the container's root filesystem: a running container's mounted
    /// rootfs as it is, a stopped one's layers mounted for the time it takes (overlayfs refuses a second
    /// mount of the same upper directory, so never both). The gate keeps a start, an exit's unmount and a
    /// removal out meanwhile, as Docker holds the container's lock until the archive is read.
    /// </summary>
    /// <remarks>
    /// The daemon's /etc/hosts, /etc/hostname and /etc/resolv.conf and the volumes are bound only in the
    /// container's own mount namespace; they come as <see cref="TreeMount"/>s, which a path that names
    /// them (or goes below a volume) is redirected to. A directory walked from above does not cross
    /// them: `docker cp c:/etc` has the rootfs's placeholders for those files.
    /// </remarks>
    private async Task<T> WithRootfsAsync<T>(LiveContainer live, Func<string, IReadOnlyList<TreeMount>, Task<T>> work, CancellationToken cancellationToken)
    {
        await live.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = live.Record;
            if (record.State.Status is ContainerStatus.Removing or ContainerStatus.Dead)
                throw WharfException.Conflict($"container {record.Id} is marked for removal");
            if (live.Shim is not null && record.State.IsRunning)
                return await work(live.Paths.RootfsDirectory, TreeMounts(record)).ConfigureAwait(false);
            await MountRootfsAsync(record, live.Paths, cancellationToken).ConfigureAwait(false);
            try
            {
                return await work(live.Paths.RootfsDirectory, TreeMounts(record)).ConfigureAwait(false);
            }
            finally
            {
                TryUnmount(live.Paths);
            }
        }
        finally
        {
            live.Gate.Release();
        }
    }

    /// <summary>What is bound over the container's rootfs when it runs (ContainerSpecBuilder's user mounts).</summary>
    private static List<TreeMount> TreeMounts(Container record)
    {
        var mounts = new List<TreeMount>();
        foreach (var (source, destination) in new[] { (record.ResolvConfPath, "/etc/resolv.conf"), (record.HostnamePath, "/etc/hostname"), (record.HostsPath, "/etc/hosts") })
            if (!string.IsNullOrEmpty(source) && File.Exists(source)) mounts.Add(new TreeMount(destination, source, record.HostSettings.ReadonlyRootfs));
        foreach (var mount in record.Mounts ?? [])
            if (mount.Type is "bind" or "volume" && !string.IsNullOrEmpty(mount.Source)) mounts.Add(new TreeMount(mount.Destination, mount.Source, !mount.RW));
        return mounts;
    }

    /// <summary>
    /// The name the archive's top entry gets (moby's TarResourceRebaseOpts): the path's base name; "."
    /// for "dir/." (the contents, not the directory); "/" for the root.
    /// </summary>
    private static string ArchiveName(ContainerNode node) => ContainerPath.Base(node.RequestedPath);

    private static WharfException FileNotFound(string path, string container) =>
        WharfException.NotFound($"Could not find the file {path} in container {container}");
}
