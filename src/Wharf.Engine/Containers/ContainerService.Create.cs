using Wharf.Containers;
using Wharf.Core;

namespace Wharf.Engine.Containers;

/// <summary>What `docker create` asks for: the container's config, its host settings and an optional name.</summary>
public sealed record CreateContainerRequest(string? Name, ContainerConfig Config, HostSettings Host);

/// <summary>The new container's ID and the warnings Docker prints as `WARNING: ...`.</summary>
public sealed record CreatedContainer(string Id, IReadOnlyList<string> Warnings);

public sealed partial class ContainerService
{
    /// <summary>
    /// `docker create`: resolves the image (NotFound with Docker's message when it is missing, which
    /// makes the CLI pull), reserves the name, unpacks the image's layers and prepares the container's
    /// writable snapshot on top, writes its /etc files and record. Nothing runs yet.
    /// </summary>
    public async Task<CreatedContainer> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Config.Image))
            throw WharfException.Invalid("No image specified"); // ... as moby's create says when Image is empty
        var image = await _images.ResolveAsync(request.Config.Image, cancellationToken).ConfigureAwait(false);

        string id = ContainerId.New();
        string name = request.Name is { Length: > 0 } wanted ? _names.Reserve(wanted, id) : _names.ReserveGenerated(id);
        var paths = new ContainerPaths(_options, id);
        try
        {
            var (made, warnings) = ContainerCreation.Create(new ContainerCreateRequest
            {
                Id = id,
                Name = name,
                Created = Now,
                Config = request.Config,
                HostSettings = request.Host,
                ImageId = image.Id.ToString(),
                Image = image.Config,
            });
            var top = await _images.UnpackAsync(image, cancellationToken).ConfigureAwait(false);
            string snapshotKey = ContainerPaths.SnapshotKey(id);
            await _snapshots.PrepareAsync(snapshotKey, top.ToString(), null, cancellationToken).ConfigureAwait(false);

            var record = made with
            {
                SnapshotKey = snapshotKey,
                LogPath = paths.LogFile,
                HostnamePath = paths.HostnameFile,
                HostsPath = paths.HostsFile,
                ResolvConfPath = paths.ResolvConfFile,
            };
            // The store makes the container's directory and syncs its entry with the first record:
            // the files beside the record come after, into a directory that already survives a crash.
            await _store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
            HostsFile.WriteHostname(paths.HostnameFile, made.Config.Hostname!);
            HostsFile.Write(paths.HostsFile, made.HostSettings, made.Config.Hostname!, made.Config.Domainname);
            ResolvConf.Write(paths.ResolvConfFile, made.HostSettings);
            var live = new LiveContainer(record, paths);
            _containers[id] = live;
            Publish(live, "create");
            return new CreatedContainer(id, warnings);
        }
        catch
        {
            _names.Release(name, id);
            await DiscardAsync(id, paths).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes away what a container left on disk (mount, snapshot, files); tolerant of half-made state.</summary>
    private async Task DiscardAsync(string id, ContainerPaths paths)
    {
        try { Wharf.Linux.Mounts.MountSet.Unmount(paths.RootfsDirectory); } catch (Exception) { /* best effort: reported by recovery */ }
        try { await _snapshots.RemoveAsync(ContainerPaths.SnapshotKey(id)).ConfigureAwait(false); }
        catch (WharfException e) when (e.Kind == ErrorKind.NotFound) { }
        TryDeleteDirectory(paths.StateDirectory);
        TryDeleteDirectory(paths.DataDirectory);
    }

    private static void TryDeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
