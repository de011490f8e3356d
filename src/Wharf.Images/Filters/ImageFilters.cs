using Wharf.Core;

namespace Wharf.Images.Filters;

/// <summary>
/// The filters `docker images --filter` takes: dangling=true|false, reference=PATTERN (Docker's
/// glob on the familiar name, repeatable: any may match), label=KEY or label=KEY=VALUE
/// (repeatable: all must match), before=IMAGE and since=IMAGE (a name or ID; images created
/// before or after that one's config says it was; repeated, the oldest before and newest since win).
/// </summary>
public sealed record ImageFilters
{
    public static ImageFilters None { get; } = new();

    public bool? Dangling { get; init; }
    public IReadOnlyList<string> References { get; init; } = [];
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Images (names or IDs) that every listed image must be older than.</summary>
    public IReadOnlyList<string> Before { get; init; } = [];

    /// <summary>Images (names or IDs) that every listed image must be newer than.</summary>
    public IReadOnlyList<string> Since { get; init; } = [];

    /// <summary>Parses "key=value" strings as the CLI passes them; an unknown key or bad value is an InvalidArgument.</summary>
    public static ImageFilters Parse(IEnumerable<string> filters)
    {
        bool? dangling = null;
        var references = new List<string>();
        var labels = new List<string>();
        var before = new List<string>();
        var since = new List<string>();
        foreach (string filter in filters)
        {
            int equals = filter.IndexOf('=');
            if (equals <= 0) throw WharfException.Invalid($"bad format of filter (expected name=value): {filter}");
            string key = filter[..equals].ToLowerInvariant(), value = filter[(equals + 1)..];
            switch (key)
            {
                case "dangling":
                    dangling = value.ToLowerInvariant() switch
                    {
                        "true" or "1" => true,
                        "false" or "0" => false,
                        _ => throw WharfException.Invalid($"invalid filter 'dangling={value}'"),
                    };
                    break;
                case "reference":
                    ReferencePattern.Validate(value);
                    references.Add(value);
                    break;
                case "label":
                    labels.Add(value);
                    break;
                case "before":
                    before.Add(value);
                    break;
                case "since":
                    since.Add(value);
                    break;
                default:
                    throw WharfException.Invalid($"invalid filter '{key}'");
            }
        }
        return new ImageFilters { Dangling = dangling, References = references, Labels = labels, Before = before, Since = since };
    }

    /// <summary>Whether an image's labels satisfy every label filter.</summary>
    internal bool MatchesLabels(IReadOnlyDictionary<string, string>? imageLabels)
    {
        foreach (string filter in Labels)
        {
            int equals = filter.IndexOf('=');
            string key = equals < 0 ? filter : filter[..equals];
            if (imageLabels is null || !imageLabels.TryGetValue(key, out string? value)) return false;
            if (equals >= 0 && value != filter[(equals + 1)..]) return false;
        }
        return true;
    }

    /// <summary>The tags (familiar names) that a reference filter keeps; all of them without one.</summary>
    internal IReadOnlyList<string> MatchingTags(IReadOnlyList<string> familiarTags) =>
        References.Count == 0 ? familiarTags : familiarTags.Where(tag => References.Any(p => ReferencePattern.Matches(p, tag))).ToArray();
}
