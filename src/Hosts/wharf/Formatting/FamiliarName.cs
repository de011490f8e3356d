using System.Text.RegularExpressions;

namespace Wharf.Cli.Formatting;

/// <summary>
/// A reference as distribution/reference's ParseNormalizedNamed reads it, reduced to what the
/// listings print: the familiar repository name ("busybox", not "docker.io/library/busybox"),
/// the tag and the digest.
/// </summary>
internal readonly partial record struct FamiliarName(string Repository, string? Tag, string? Digest)
{
    /// <summary>The normalized name (reference.Named.Name()): "docker.io/library/busybox".</summary>
    public string FullName { get; init; } = Repository;

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[a-f0-9]{64}$")]
    private static partial Regex IdPattern();

    public static bool TryParse(string text, out FamiliarName name)
    {
        name = default;
        string rest = text;
        string? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest)) return false;
        }
        string? tag = null;
        int colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag)) return false;
        }
        if (rest.Length == 0 || rest.Length > 255 || IdPattern().IsMatch(rest)) return false;

        string domain = "docker.io";
        string path = rest;
        int slash = rest.IndexOf('/');
        if (slash >= 0 && (rest[..slash].IndexOfAny(['.', ':']) >= 0 || rest[..slash] == "localhost" || rest[..slash].Any(char.IsAsciiLetterUpper)))
        {
            domain = rest[..slash];
            path = rest[(slash + 1)..];
            if (!DomainPattern().IsMatch(domain)) return false;
        }
        if (!PathPattern().IsMatch(path)) return false;
        if (domain == "index.docker.io") domain = "docker.io";
        if (domain == "docker.io" && !path.Contains('/')) path = "library/" + path;

        string familiar = domain != "docker.io" ? $"{domain}/{path}"
            : path.StartsWith("library/", StringComparison.Ordinal) && path.IndexOf('/', 8) < 0 ? path[8..]
            : path;
        name = new FamiliarName(familiar, tag, digest) { FullName = $"{domain}/{path}" };
        return true;
    }

    /// <summary>
    /// ParseAnyReference's named case: false also for what docker reads as an image ID rather than a
    /// name (64 hex digits, or a digest such as "sha256:...").
    /// </summary>
    public static bool TryParseNamed(string text, out FamiliarName name)
    {
        name = default;
        return !DigestPattern().IsMatch(text) && TryParse(text, out name);
    }

    /// <summary>TagNameOnly: a bare name gets the "latest" tag; a tag or digest is kept.</summary>
    public FamiliarName TagNameOnly() => Tag is null && Digest is null ? this with { Tag = "latest" } : this;

    /// <summary>Why <paramref name="text"/> is not a reference, in ParseNormalizedNamed's words.</summary>
    public static string ParseError(string text)
    {
        // splitDockerDomain, then the repository path up to the tag must be lower case.
        int slash = text.IndexOf('/');
        string remainder = text;
        if (slash < 0 || (text[..slash].IndexOfAny(['.', ':']) < 0 && text[..slash] != "localhost" && text[..slash].ToLowerInvariant() == text[..slash]))
        {
            if (slash < 0) remainder = "library/" + text;
        }
        else
        {
            remainder = text[(slash + 1)..];
        }
        int colon = remainder.IndexOf(':');
        string remote = colon >= 0 ? remainder[..colon] : remainder;
        return remote.ToLowerInvariant() != remote
            ? $"invalid reference format: repository name ({remote}) must be lowercase"
            : "invalid reference format";
    }

    /// <summary>FamiliarString: "busybox:latest", "registry:5000/app@sha256:...".</summary>
    public override string ToString() =>
        Repository + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);
}
