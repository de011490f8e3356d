namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>`docker image inspect`: the config, the manifest, the names and the size.</summary>
    public async Task<ImageInspection> InspectAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        var image = await ResolveAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        return new ImageInspection(image.Id, image.RepoTags, image.Target, image.ManifestDescriptor, image.Manifest, image.Config, image.Size);
    }

    /// <summary>
    /// `docker history`: the config's history, newest first. A step that made a layer shows that
    /// layer's (blob) size; the top line carries the image ID and its names, older ones "&lt;missing&gt;".
    /// </summary>
    public async Task<IReadOnlyList<ImageHistoryEntry>> HistoryAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        var image = await ResolveAsync(nameOrId, cancellationToken).ConfigureAwait(false);
        var entries = new List<ImageHistoryEntry>();
        int layer = 0;
        foreach (var step in image.Config.History ?? [])
        {
            long size = 0;
            if (!step.EmptyLayer)
            {
                size = layer < image.Manifest.Layers.Count ? image.Manifest.Layers[layer].Size : 0;
                layer++;
            }
            entries.Add(new ImageHistoryEntry("<missing>", step.Created, step.CreatedBy ?? "", [], size, step.Comment ?? ""));
        }
        entries.Reverse();
        if (entries.Count > 0) entries[0] = entries[0] with { Id = image.Id.ToString(), Tags = image.RepoTags };
        return entries;
    }
}
