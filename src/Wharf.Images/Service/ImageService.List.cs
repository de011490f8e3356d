using Wharf.Images.Filters;

namespace Wharf.Images.Service;

public sealed partial class ImageService
{
    /// <summary>`docker images`: one summary per image, newest first, filtered as <paramref name="filters"/> say.</summary>
    public async Task<IReadOnlyList<ImageSummary>> ListAsync(ImageFilters? filters = null, CancellationToken cancellationToken = default)
    {
        filters ??= ImageFilters.None;
        var summaries = new List<ImageSummary>();
        var sizes = await LayerSizesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var image in await LoadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (filters.Dangling is { } dangling && image.IsDangling != dangling) continue;
            var labels = image.Config.Config?.Labels;
            if (!filters.MatchesLabels(labels)) continue;
            var tags = filters.MatchingTags(image.RepoTags);
            // Docker: a reference filter keeps only images with a matching name, and shows only those names.
            if (filters.References.Count > 0 && tags.Count == 0) continue;
            summaries.Add(new ImageSummary(image.Id, tags, image.Config.Created, sizes.Of(image).Sum(),
                labels ?? new Dictionary<string, string>()));
        }
        return summaries;
    }
}
