using System.Diagnostics.CodeAnalysis;

namespace Wharf.Core.Images;

/// <summary>
/// An image reference, parsed and normalised exactly as Docker does it (distribution/reference's
/// ParseNormalizedNamed, then TagNameOnly): "busybox" is docker.io/library/busybox:latest,
/// "user/app" docker.io/user/app:latest, "host:5000/a/b:tag" stays on host:5000. Invalid input
/// is refused with Docker's own messages.
/// </summary>
public sealed record ImageReference
{
    public const string DefaultDomain = "docker.io";
    public const string DefaultTag = "latest";
    /// <summary>The longest repository path a registry accepts (domain not counted).</summary>
    public const int MaxPathLength = 255;

    private const string LegacyDefaultDomain = "index.docker.io";
    private const string OfficialPrefix = "library/";
    // Not Docker's: bounds the work the grammar does on hostile input. No valid reference comes close.
    private const int MaxInputLength = 4096;

    private ImageReference(string domain, string path, string? tag, Digest? digest)
    {
        Domain = domain;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host, with its port: "docker.io", "localhost:5000", "[::1]:5000".</summary>
    public string Domain { get; }

    /// <summary>The repository within the registry: "library/busybox", "user/app".</summary>
    public string Path { get; }

    public string? Tag { get; }

    public Digest? Digest { get; }

    /// <summary>The repository's full name, "docker.io/library/busybox".</summary>
    public string FullName => $"{Domain}/{Path}";

    /// <summary>The repository as `docker images` shows it: "busybox", "user/app", "host:5000/a/b".</summary>
    public string FamiliarName
    {
        get
        {
            if (Domain != DefaultDomain) return FullName;
            // Only single-component library names are shortened: "library/a/b" keeps its prefix.
            return Path.StartsWith(OfficialPrefix, StringComparison.Ordinal) && !Path.AsSpan(OfficialPrefix.Length).Contains('/')
                ? Path[OfficialPrefix.Length..]
                : Path;
        }
    }

    /// <summary>The reference as Docker prints it: "busybox:latest", "user/app@sha256:...".</summary>
    public string FamiliarString => FamiliarName + Suffix;

    public bool IsNameOnly => Tag is null && Digest is null;

    /// <summary>The canonical form, "docker.io/library/busybox:latest".</summary>
    public override string ToString() => FullName + Suffix;

    private string Suffix => (Tag is null ? "" : ":" + Tag) + (Digest is { } digest ? "@" + digest : "");

    /// <summary>Parses and normalises a reference; one with neither tag nor digest gets ":latest".</summary>
    public static ImageReference Parse(string text) => ParseNormalized(text).WithDefaultTag();

    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference)
    {
        try
        {
            reference = Parse(text);
            return true;
        }
        catch (WharfException)
        {
            reference = null;
            return false;
        }
    }

    /// <summary>
    /// Parses and normalises without adding a default tag: "busybox" has neither tag nor digest
    /// (what `docker images busybox` or `docker pull --all-tags` want).
    /// </summary>
    public static ImageReference ParseNormalized(string text)
    {
        if (text.Length > MaxInputLength) throw Invalid("invalid reference format");
        if (ReferenceGrammar.Identifier().IsMatch(text))
            throw Invalid($"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings");

        var (domain, remainder) = SplitDockerDomain(text);
        int tagSeparator = remainder.IndexOf(':');
        string remote = tagSeparator >= 0 ? remainder[..tagSeparator] : remainder;
        if (remote.ToLowerInvariant() != remote)
            throw Invalid($"invalid reference format: repository name ({remote}) must be lowercase");

        return ParseCanonical(domain + "/" + remainder);
    }

    /// <summary>The same repository with <paramref name="tag"/>; a digest, if any, is kept.</summary>
    public ImageReference WithTag(string tag) =>
        ReferenceGrammar.AnchoredTag().IsMatch(tag) ? new(Domain, Path, tag, Digest) : throw Invalid("invalid tag format");

    public ImageReference WithDigest(Digest digest) => new(Domain, Path, Tag, digest);

    /// <summary>Docker's TagNameOnly: ":latest" when the reference names neither tag nor digest.</summary>
    public ImageReference WithDefaultTag() => IsNameOnly ? new(Domain, Path, DefaultTag, null) : this;

    /// <summary>
    /// Docker's ParseDockerRef: a reference with both a tag and a digest is pinned by the digest
    /// alone (the tag is dropped), which is what a pull fetches and records.
    /// </summary>
    public ImageReference WithoutTagIfDigested() => Tag is not null && Digest is not null ? new(Domain, Path, null, Digest) : this;

    /// <summary>The repository alone, without tag or digest.</summary>
    public ImageReference WithoutTagOrDigest() => new(Domain, Path, null, null);

    /// <summary>distribution/reference's splitDockerDomain: where the registry ends and the path begins.</summary>
    private static (string Domain, string Remainder) SplitDockerDomain(string name)
    {
        int slash = name.IndexOf('/');
        if (slash < 0) return (DefaultDomain, OfficialPrefix + name); // "ubuntu", "ubuntu:22.04"

        string first = name[..slash], rest = name[(slash + 1)..];
        string domain, remainder;
        if (first == "localhost" || first.AsSpan().IndexOfAny('.', ':') >= 0)
            (domain, remainder) = (first, rest);
        else if (first == LegacyDefaultDomain)
            (domain, remainder) = (DefaultDomain, rest);
        else if (first.ToLowerInvariant() != first)
            (domain, remainder) = (first, rest); // namespaces are lower case, so this must be a host
        else
            (domain, remainder) = (DefaultDomain, name);

        if (domain == LegacyDefaultDomain) domain = DefaultDomain;
        if (domain == DefaultDomain && !remainder.Contains('/')) remainder = OfficialPrefix + remainder;
        return (domain, remainder);
    }

    /// <summary>distribution/reference's Parse, on a name that already carries its domain.</summary>
    private static ImageReference ParseCanonical(string text)
    {
        var match = ReferenceGrammar.Reference().Match(text);
        if (!match.Success)
        {
            string lower = text.ToLowerInvariant();
            throw lower != text && ReferenceGrammar.Reference().IsMatch(lower)
                ? Invalid("repository name must be lowercase")
                : Invalid("invalid reference format");
        }

        var name = ReferenceGrammar.AnchoredName().Match(match.Groups[1].Value);
        string domain = name.Groups[1].Value, path = name.Groups[2].Value;
        if (path.Length > MaxPathLength)
            throw Invalid($"repository name must not be more than {MaxPathLength} characters");

        string? tag = match.Groups[2].Success ? match.Groups[2].Value : null;
        Digest? digest = match.Groups[3].Success ? ParseDigest(match.Groups[3].Value) : null;
        return new ImageReference(domain, path, tag, digest);
    }

    /// <summary>go-digest's Parse: its checks in its order, so the message is the one Docker prints.</summary>
    private static Digest ParseDigest(string text)
    {
        int colon = text.IndexOf(':');
        if (colon <= 0 || colon + 1 == text.Length) throw Invalid("invalid checksum digest format");
        string algorithm = text[..colon], encoded = text[(colon + 1)..];
        int? length = algorithm switch { "sha256" => 64, "sha512" => 128, _ => null };
        if (length is null)
            throw Invalid(ReferenceGrammar.WellFormedDigest().IsMatch(text) ? "unsupported digest algorithm" : "invalid checksum digest format");
        if (encoded.Length != length) throw Invalid("invalid checksum digest length");
        return Core.Digest.TryParse(text, out var digest) ? digest : throw Invalid("invalid checksum digest format");
    }

    private static WharfException Invalid(string message) => WharfException.Invalid(message);
}
