using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;

namespace Wharf.Images.Service;

/// <summary>What `docker import` takes besides the tar.</summary>
public sealed record ImportOptions
{
    /// <summary>The name to give the image ("busybox", "host:5000/a/b:tag"); null leaves it dangling.</summary>
    public string? Reference { get; init; }

    /// <summary>Dockerfile-like lines applied to the config (`--change`): ENV, CMD, ENTRYPOINT, ...</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>The commit message (`--message`); Docker's default names the source.</summary>
    public string? Message { get; init; }

    /// <summary>The platform the config declares; the host's when null.</summary>
    public Platform? Platform { get; init; }
}

/// <summary>
/// An image as the service sees it: a record's target resolved down to one manifest and config
/// (an index is narrowed to the host's platform). <see cref="Id"/> is Docker's image ID.
/// </summary>
public sealed record ResolvedImage(
    Digest Id,
    Descriptor Target,
    Descriptor ManifestDescriptor,
    ImageManifest Manifest,
    ImageConfig Config,
    IReadOnlyList<ImageRecord> Records)
{
    /// <summary>The familiar names (busybox:latest) of the records that are not dangling, sorted.</summary>
    public IReadOnlyList<string> RepoTags =>
        Records.Where(r => !r.IsDangling).Select(r => ImageNames.Familiar(r.Name)).Order(StringComparer.Ordinal).ToArray();

    public bool IsDangling => Records.All(r => r.IsDangling);
}

/// <summary>One entry of `docker rmi`'s answer: exactly one of the two is set.</summary>
public sealed record ImageDeleteEvent(string? Untagged, string? Deleted)
{
    public static ImageDeleteEvent Untag(string familiarName) => new(familiarName, null);

    public static ImageDeleteEvent Delete(Digest id) => new(null, id.ToString());

    public override string ToString() => Untagged is not null ? $"Untagged: {Untagged}" : $"Deleted: {Deleted}";
}

/// <summary>A container that uses an image, as the caller of a removal knows it.</summary>
public sealed record ImageUser(string ContainerId, bool Running);

/// <summary>
/// One image of `docker images` (the API's ImageSummary: one entry per image, all its tags).
/// <paramref name="Size"/> is Docker's: the layers' unpacked sizes summed (a layer not unpacked counts its blob).
/// </summary>
public sealed record ImageSummary(
    Digest Id,
    IReadOnlyList<string> RepoTags,
    DateTimeOffset? Created,
    long Size,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The CLI's rows: one per tag, or one `&lt;none&gt;` row for a dangling image.</summary>
    public IEnumerable<ImageListRow> Rows()
    {
        if (RepoTags.Count == 0)
        {
            yield return new ImageListRow("<none>", "<none>", Id, Created, Size);
            yield break;
        }
        foreach (string tag in RepoTags)
        {
            int colon = tag.LastIndexOf(':');
            bool hasTag = colon > tag.LastIndexOf('/');
            yield return new ImageListRow(hasTag ? tag[..colon] : tag, hasTag ? tag[(colon + 1)..] : "<none>", Id, Created, Size);
        }
    }
}

/// <summary>A row as `docker images` prints it.</summary>
public sealed record ImageListRow(string Repository, string Tag, Digest Id, DateTimeOffset? Created, long Size)
{
    /// <summary>The 12-character ID the CLI shows.</summary>
    public string ShortId => Id.Hex[..12];
}

/// <summary>One line of `docker history`, newest first; <paramref name="Size"/> is the step's layer unpacked (0 for an empty layer).</summary>
/// <param name="Id">The image ID on the top line, "&lt;missing&gt;" below it (as Docker shows for imported and pulled images).</param>
public sealed record ImageHistoryEntry(
    string Id,
    DateTimeOffset? Created,
    string CreatedBy,
    IReadOnlyList<string> Tags,
    long Size,
    string Comment);

/// <summary>What `docker image inspect` reports; <paramref name="Size"/> as in <see cref="ImageSummary"/>.</summary>
public sealed record ImageInspection(
    Digest Id,
    IReadOnlyList<string> RepoTags,
    Descriptor Target,
    Descriptor ManifestDescriptor,
    ImageManifest Manifest,
    ImageConfig Config,
    long Size)
{
    public Platform Platform => Config.Platform;
    public DateTimeOffset? Created => Config.Created;
}

/// <summary>What `docker image prune` reports.</summary>
public sealed record ImagePruneReport(IReadOnlyList<ImageDeleteEvent> Deleted, long SpaceReclaimed);

/// <summary>What `docker commit` may say about the new image.</summary>
public sealed record CommitOptions
{
    /// <summary>The name to give the image; null leaves it dangling.</summary>
    public string? Reference { get; init; }

    /// <summary>`--author`.</summary>
    public string? Author { get; init; }

    /// <summary>`--message`: the history entry's comment.</summary>
    public string? Message { get; init; }

    /// <summary>`--change` lines applied on top of <see cref="ContainerConfig"/>.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>The container's own config (its Cmd, Env, ...); the base image's when null.</summary>
    public ImageExecutionConfig? ContainerConfig { get; init; }

    /// <summary>The history entry's created_by, e.g. the container's command.</summary>
    public string? CreatedBy { get; init; }
}

/// <summary>An image as `docker system df` counts it: its summary and the bytes of its layers that other images share.</summary>
public sealed record ImageUsage(ImageSummary Summary, long SharedSize);

/// <summary>`docker system df`'s image half: <paramref name="LayersSize"/> counts every layer once, however many images use it.</summary>
public sealed record ImageDiskUsage(long LayersSize, IReadOnlyList<ImageUsage> Images);
