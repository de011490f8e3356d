namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>`docker image inspect`: the config, the manifest, the names and the size (Docker's: the layers' unpacked sizes summed).</summary>
    public async Task<ImageInspection> InspectAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        var image = await ResolveAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        long size = (await LayerSizesAsync(cancellationToken).ConfigureAwait(false)).Of(image).Sum();
        return new ImageInspection(image.Id, image.RepoTags, image.Target, image.ManifestDescriptor, image.Manifest, image.Config, size);
    }

    /// <summary>
    /// `docker history`: the config's history, newest first. A step that made a layer shows that
    /// layer's size as Docker counts it (unpacked), an empty-layer step 0; the top line carries the
    /// image ID and its names, older ones "&lt;missing&gt;".
    /// </summary>
    public async Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        var image = await ResolveAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        var sizes = (await LayerSizesAsync(cancellationToken).ConfigureAwait(false)).Of(image);
        var entries = new List<ImageHistoryEntry>();
        int layer = 0;
        foreach (var step in image.Config.History ?? [])
        {
            long size = 0;
            if (!step.EmptyLayer)
            {
                size = layer < sizes.Count ? sizes[layer] : 0;
                layer++;
            }
            entries.Add(new ImageHistoryEntry("<missing>", step.Created, step.CreatedBy ?? "", [], size, step.Comment ?? ""));
        }
        entries.Reverse();
        if (entries.Count > 0) entries[0] = entries[0] with { Id = image.Id.ToString(), Tags = image.RepoTags };
        return entries;
    }
}
