using Wharf.Images.Filters;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>`docker images`: one summary per image, newest first, filtered as <paramref name="filters"/> say.</summary>
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(ImageFilters? filters = null, CancellationToken cancellationToken = default)
    {
        filters ??= ImageFilters.None;
        var summaries = new List<ImageSummary>();
        var all = await LoadAllAsync(cancellationToken).ConfigureAwait(false);
        var (before, since) = await CreationBoundsAsync(filters, cancellationToken).ConfigureAwait(false);
        var sizes = await LayerSizesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var image in all)
        {
            if (filters.Dangling is { } dangling && image.IsDangling != dangling) continue;
            if (before is { } limit && !(image.Config.Created < limit)) continue;
            if (since is { } floor && !(image.Config.Created > floor)) continue;
            var labels = image.Config.Config?.Labels;
            if (!filters.MatchesLabels(labels)) continue;
            var tags = filters.MatchingTags(image.RepoTags);
            // Docker: a reference filter keeps only images with a matching name, and shows only those names.
            if (filters.References.Count > 0 && tags.Count == 0) continue;
            summaries.Add(Summarize(image, tags, sizes.Of(image).Sum()));
        }
        return summaries;
    }

    private static ImageSummary Summarize(ResolvedImage image, IReadOnlyList<string> tags, long size) =>
        new(image.Id, tags, image.Config.Created, size, image.Config.Config?.Labels ?? new Dictionary<string, string>());

    /// <summary>
    /// The creation times the before= and since= filters compare with, as Docker resolves them: the
    /// oldest of the before images, the newest of the since images (an image with no creation time
    /// sets no bound). An image that does not exist is NotFound.
    /// </summary>
    private async Task<(DateTimeOffset? Before, DateTimeOffset? Since)> CreationBoundsAsync(ImageFilters filters, CancellationToken cancellationToken)
    {
        DateTimeOffset? before = null, since = null;
        foreach (string name in filters.Before)
            if ((await ResolveAsync(name, cancellationToken).ConfigureAwait(false)).Config.Created is { } created && (before is null || created < before))
                before = created;
        foreach (string name in filters.Since)
            if ((await ResolveAsync(name, cancellationToken).ConfigureAwait(false)).Config.Created is { } created && (since is null || created > since))
                since = created;
        return (before, since);
    }
}
