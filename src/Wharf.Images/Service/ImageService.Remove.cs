using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>
    /// `docker rmi`, with Docker's rules (daemon/images/image_delete.go). By name: the name is
    /// untagged, and the image deleted only if that was its last name; refused, unless forced, when
    /// it is the last name and a container uses the image. By ID: an image with names in several
    /// repositories is refused unless forced; otherwise its names are untagged and it is deleted.
    /// An image a running container uses is never deleted (its last name can still be forced off).
    /// Deleting also collects the content and layer snapshots nothing else refers to; each layer that
    /// goes is reported after the image, `Deleted: &lt;chainID&gt;`, top first, as Docker reports it.
    /// </summary>
    /// <param name="findUser">The container using an image ID, if any (containers are not this library's).</param>
    /// <returns>The Untagged/Deleted events, in order, as the API answers.</returns>
    public async Task<IReadOnlyList<ImageDeleteEvent>> RemoveAsync(string nameOrId, bool force = false,
        Func<Digest, ImageUser?>? findUser = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var image = await ResolveAsync(nameOrId, cancellationToken).ConfigureAwait(false);
            var user = findUser?.Invoke(image.Id);
            var named = image.Records.Where(r => !r.IsDangling).ToList();
            var events = new List<ImageDeleteEvent>();
            bool removedName = false;

            if (!IsIdPrefix(image.Id, nameOrId) && !Digest.TryParse(nameOrId, out _))
            {
                string name = ImageReference.Parse(nameOrId).ToString();
                var record = named.FirstOrDefault(r => r.Name == name) ?? throw NoSuchImage(ImageNames.Familiar(name));
                if (!force && named.Count == 1 && user is not null)
                    throw WharfException.Conflict($"conflict: unable to remove repository reference \"{nameOrId}\" (must force) - " +
                        $"container {ShortId(user.ContainerId)} is using its referenced image {ShortId(image.Id)}");
                await RemoveNameAsync(record, cancellationToken).ConfigureAwait(false);
                events.Add(ImageDeleteEvent.Untag(ImageNames.Familiar(name)));
                if (named.Count > 1) return events;
                removedName = true;
            }
            else if (IsSingleRepository(named))
            {
                if (DeleteConflict(image.Id, user, remainingNames: 0, force) is { } conflict) throw conflict;
                foreach (var record in named)
                {
                    await RemoveNameAsync(record, cancellationToken).ConfigureAwait(false);
                    events.Add(ImageDeleteEvent.Untag(ImageNames.Familiar(record.Name)));
                }
                named.Clear();
            }

            if (DeleteConflict(image.Id, user, removedName ? 0 : named.Count, force) is { } blocked)
            {
                // Docker: once the last name is gone, a container's use keeps the image, dangling, without an error.
                if (removedName && user is not null) return events;
                throw blocked;
            }
            await DeleteImageAsync(image, events, cancellationToken).ConfigureAwait(false);
            var collected = await CollectAsync(cancellationToken).ConfigureAwait(false);
            AddDeletedLayers(image, collected.Layers.ToHashSet(StringComparer.Ordinal), events);
            return events;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops every record of the image (untagging any name left) and reports it deleted. Caller holds the gate.</summary>
    private async Task DeleteImageAsync(ResolvedImage image, List<ImageDeleteEvent> events, CancellationToken cancellationToken)
    {
        foreach (var record in await images.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!image.Records.Any(r => r.Target.Digest == record.Target.Digest)) continue;
            await images.DeleteAsync(record.Name, cancellationToken).ConfigureAwait(false);
            if (!record.IsDangling) events.Add(ImageDeleteEvent.Untag(ImageNames.Familiar(record.Name)));
        }
        events.Add(ImageDeleteEvent.Delete(image.Id));
    }

    /// <summary>Docker's checkImageDeleteConflict: a running container is a hard conflict; names and stopped containers are soft (forcible).</summary>
    private static WharfException? DeleteConflict(Digest id, ImageUser? user, int remainingNames, bool force)
    {
        string prefix = $"conflict: unable to delete {ShortId(id)}";
        if (user is { Running: true })
            return WharfException.Conflict($"{prefix} (cannot be forced) - image is being used by running container {ShortId(user.ContainerId)}");
        if (force) return null;
        if (remainingNames > 0)
            return WharfException.Conflict($"{prefix} (must be forced) - image is referenced in multiple repositories");
        if (user is not null)
            return WharfException.Conflict($"{prefix} (must be forced) - image is being used by stopped container {ShortId(user.ContainerId)}");
        return null;
    }

    /// <summary>
    /// Docker's isSingleReference: at most one tag, and every name in one repository (a repository's
    /// tag plus its digest references count as one).
    /// </summary>
    private static bool IsSingleRepository(IReadOnlyList<ImageRecord> named)
    {
        if (named.Count <= 1) return named.Count == 1;
        var references = named.Select(r => ImageReference.Parse(r.Name)).ToList();
        var tagged = references.Where(r => r.Digest is null).ToList();
        if (tagged.Count > 1) return false;
        var repositories = references.Where(r => r.Digest is not null).Select(r => r.FullName).ToHashSet();
        string single = (tagged.Count == 1 ? tagged[0] : references[0]).FullName;
        return repositories.Count == 1 && repositories.Contains(single);
    }
}
