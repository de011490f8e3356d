using System.Collections.Concurrent;
using Wharf.Containers;
using Wharf.Core;
using Wharf.Engine.Events;
using Wharf.Images.Service;
using Wharf.Snapshots;

namespace Wharf.Engine.Containers;

/// <summary>
/// Docker's container behaviour: create, start, stop, kill, wait, remove, attach, exec, logs and the
/// queries, over the container records (Wharf.Containers), the images and snapshots, and one shim
/// per running container. No HTTP: wharfd's container endpoints are thin calls into this.
/// </summary>
/// <remarks>
/// Each container has a gate: transitions (start, stop, exit handling, removal) take it, so they
/// never interleave for one container; different containers never wait for each other. Records are
/// saved (atomically, durably) before a transition is reported, so a crash of the daemon at any
/// point leaves a record that <see cref="RecoverAsync"/> can reconcile with what the shims know.
/// </remarks>
public sealed partial class ContainerService
{
    private readonly EngineOptions _options;
    private readonly ContainerStore _store;
    private readonly ImageService _images;
    private readonly ISnapshotter _snapshots;
    private readonly EventLog _events;
    private readonly NameRegistry _names = new();
    private readonly ConcurrentDictionary<string, LiveContainer> _containers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExecSession> _execs = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    internal ContainerService(EngineOptions options, ContainerStore store, ImageService images, ISnapshotter snapshots,
        EventLog events, TimeProvider? clock = null)
    {
        _options = options;
        _store = store;
        _images = images;
        _snapshots = snapshots;
        _events = events;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Every container record, as of now.</summary>
    public IReadOnlyList<Container> All() => _containers.Values.Select(c => c.Record).ToList();

    /// <summary>The container a name, ID or unique ID prefix names (Docker's rules and messages).</summary>
    public Container Get(string idOrName) => Find(idOrName).Record;

    private LiveContainer Find(string idOrName)
    {
        var id = new ContainerResolver(All()).Resolve(idOrName).Id;
        return _containers.TryGetValue(id, out var live) ? live : throw WharfException.NotFound($"No such container: {idOrName}");
    }

    /// <summary>Whether some container (any state) was created from the image.</summary>
    public ImageUser? FindImageUser(Digest imageId)
    {
        string id = imageId.ToString();
        var user = _containers.Values.Select(c => c.Record).FirstOrDefault(r => r.ImageId == id);
        return user is null ? null : new ImageUser(user.Id, user.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting);
    }

    /// <summary>Writes the record and makes it current: memory never runs ahead of the disk.</summary>
    private async Task SaveAsync(LiveContainer live, Container record)
    {
        await _store.SaveAsync(record).ConfigureAwait(false);
        live.Record = record;
    }

    private void Publish(LiveContainer live, string action, IReadOnlyDictionary<string, string>? extra = null)
    {
        var record = live.Record;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in record.Config.Labels ?? new Dictionary<string, string>())
            attributes[key] = value;
        attributes["image"] = record.ImageName;
        attributes["name"] = record.ShortName;
        if (extra is not null)
            foreach (var (key, value) in extra) attributes[key] = value;
        _events.Publish("container", action, record.Id, attributes);
    }

    private DateTimeOffset Now => _clock.GetUtcNow();
}
