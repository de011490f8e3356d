using Wharf.Containers;
using Wharf.Core;

namespace Wharf.Engine.Containers;

/// <summary>What `docker create` asks for: the container's config, its host settings and an optional name.</summary>
public sealed record CreateContainerRequest(string? Name, ContainerConfig Config, HostSettings Host)
{
    /// <summary>NetworkingConfig.EndpointsConfig: network name → what is asked of the container's endpoint there.</summary>
    public IReadOnlyDictionary<string, EndpointRequest?>? Endpoints { get; init; }
}

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
        CheckLinks(request.Host);

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
                Endpoints = request.Endpoints,
                Features = HostFeatures.Probe(),
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

    /// <summary>
    /// moby's registerLinks at create: each linked container must exist (an invalid parameter, not a
    /// 404, which would make the client pull), through container:X network modes, and not use the
    /// host's network. Links on the default network need its bridge to mean anything: Wharf keeps
    /// them (inspect shows them) but adds no hosts entries or variables yet.
    /// </summary>
    private void CheckLinks(HostSettings host)
    {
        if (EndpointCheck.IsUserDefined(host.NetworkMode ?? "default")) return;
        foreach (string link in host.Links ?? [])
        {
            string name = LinkTarget(link);
            var child = LinkedContainer(name);
            while (child.Record.HostSettings.NetworkMode is { } mode && mode.StartsWith("container:", StringComparison.Ordinal))
                child = LinkedContainer(mode["container:".Length..]);
            if (child.Record.HostSettings.NetworkMode == "host")
                throw WharfException.Invalid("conflicting options: host type networking can't be used with links. This would result in undefined behavior");
        }
    }

    private LiveContainer LinkedContainer(string name)
    {
        try
        {
            return Find(name);
        }
        catch (WharfException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw WharfException.Invalid($"could not get container for {UntrustedName.Show(name)}: {e.Message}");
        }
    }

    /// <summary>opts.ParseLink's name: "name", "name:alias" or "/name:/parent/alias".</summary>
    private static string LinkTarget(string link)
    {
        int colon = link.IndexOf(':');
        string name = colon < 0 ? link : link[..colon];
        return colon >= 0 && name.StartsWith('/') ? name[1..] : name;
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
