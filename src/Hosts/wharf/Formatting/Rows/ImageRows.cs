using System.Globalization;
using Wharf.Api.Types;
using Wharf.Cli.Formatting.Templates;

namespace Wharf.Cli.Formatting.Rows;

/// <summary>
/// `images` rows: docker/cli's formatter.ImageWrite: an image gives a row per repository and
/// tag (and per digest when digests are shown), a dangling one a single &lt;none&gt; row.
/// </summary>
internal static class ImageRows
{
    public const string DefaultTable = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    public const string DigestTable = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    public const string TypeName = "*formatter.imageContext";

    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["ID"] = "IMAGE ID",
        ["Repository"] = "REPOSITORY",
        ["Tag"] = "TAG",
        ["Digest"] = "DIGEST",
        ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT",
        ["Size"] = "SIZE",
        ["Containers"] = "CONTAINERS",
        ["VirtualSize"] = "SIZE",
        ["SharedSize"] = "SHARED SIZE",
        ["UniqueSize"] = "UNIQUE SIZE",
    };

    /// <summary>NewImageFormat.</summary>
    public static string Format(string source, bool quiet, bool digest)
    {
        if (source == "table") return quiet ? ContainerRows.QuietFormat : digest ? DigestTable : DefaultTable;
        if (source == "raw")
        {
            if (quiet) return "image_id: {{.ID}}";
            return digest
                ? "repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n"
                : "repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";
        }
        return source.StartsWith("table", StringComparison.Ordinal) && digest && !source.Contains("{{.Digest}}", StringComparison.Ordinal)
            ? source + "\\t{{.Digest}}"
            : source;
    }

    public static IEnumerable<TemplateRecord> Rows(ImageSummary image, bool trunc, bool showDigests, bool formatNeedsDigest, DateTimeOffset now)
    {
        if (IsDangling(image))
        {
            yield return Row(image, "<none>", "<none>", "<none>", trunc, now);
            yield break;
        }
        var tags = new List<(string Repo, List<string> Tags)>();
        var digests = new List<(string Repo, List<string> Digests)>();
        foreach (string text in RepoTags(image))
            if (FamiliarName.TryParse(text, out FamiliarName name) && name.Tag is not null && name.Digest is null)
                Group(tags, name.Repository).Add(name.Tag);
        foreach (string text in RepoDigests(image))
            if (FamiliarName.TryParse(text, out FamiliarName name) && name.Digest is not null)
                Group(digests, name.Repository).Add(name.Digest);

        bool needDigest = showDigests || formatNeedsDigest;
        foreach ((string repo, List<string> repoTags) in tags)
        {
            int at = digests.FindIndex(d => d.Repo == repo);
            List<string> repoDigests = at >= 0 ? digests[at].Digests : [];
            if (at >= 0) digests.RemoveAt(at);
            if (!needDigest) repoDigests = [];
            foreach (string tag in repoTags)
            {
                if (repoDigests.Count == 0)
                {
                    yield return Row(image, repo, tag, "<none>", trunc, now);
                    continue;
                }
                foreach (string digest in repoDigests) yield return Row(image, repo, tag, digest, trunc, now);
            }
        }
        foreach ((string repo, List<string> repoDigests) in digests)
        {
            if (showDigests)
                foreach (string digest in repoDigests) yield return Row(image, repo, "<none>", digest, trunc, now);
            else
                yield return Row(image, repo, "<none>", "", trunc, now);
        }
    }

    private static List<string> Group(List<(string Repo, List<string> Items)> groups, string repo)
    {
        foreach ((string r, List<string> items) in groups)
            if (r == repo) return items;
        var list = new List<string>();
        groups.Add((repo, list));
        return list;
    }

    public static bool IsDangling(ImageSummary image) =>
        (RepoTags(image).Count == 0 && RepoDigests(image).Count == 0)
        || (RepoTags(image) is ["<none>:<none>"] && RepoDigests(image) is ["<none>@<none>"]);

    // Older daemons (dockerd 20.10, API 1.41) send null for an image without tags or digests.
    private static List<string> RepoTags(ImageSummary image) => image.RepoTags ?? [];

    private static List<string> RepoDigests(ImageSummary image) => image.RepoDigests ?? [];

    private static TemplateRecord Row(ImageSummary i, string repo, string tag, string digest, bool trunc, DateTimeOffset now) =>
        new TemplateRecord(TypeName)
            .Field("Containers", () => i.Containers == -1 ? "N/A" : i.Containers.ToString(CultureInfo.InvariantCulture))
            .Field("CreatedAt", () => GoTime.String(i.Created))
            .Field("CreatedSince", () => Units.Ago(DateTimeOffset.FromUnixTimeSeconds(i.Created), now))
            .Field("Digest", () => digest)
            .Field("ID", () => trunc ? Units.ShortId(i.Id) : i.Id)
            .Field("Repository", () => repo)
            .Field("SharedSize", () => i.SharedSize == -1 ? "N/A" : Units.HumanSize(i.SharedSize))
            .Field("Size", () => Units.HumanSize(i.Size, 3))
            .Field("Tag", () => tag)
            .Field("UniqueSize", () => i.Size == -1 || i.SharedSize == -1 ? "N/A" : Units.HumanSize(i.Size - i.SharedSize))
            .Field("VirtualSize", () => Units.HumanSize(i.Size));
}
