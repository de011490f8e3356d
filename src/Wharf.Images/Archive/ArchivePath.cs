using Wharf.Core;

namespace Wharf.Images.Archive;

/// <summary>
/// Names inside an image archive. An archive's names are untrusted: only plain relative paths
/// are accepted (no absolute path, no "..", no empty or NUL-bearing component); "./" prefixes and
/// a directory's trailing slash are dropped. Names are never used as host paths.
/// </summary>
internal static class ArchivePath
{
    public const string OciLayoutFile = "oci-layout";
    public const string IndexFile = "index.json";
    public const string ManifestFile = "manifest.json";
    public const string RepositoriesFile = "repositories";

    /// <summary>The clean form of an entry's name, or an error naming it.</summary>
    public static string Clean(string name)
    {
        if (name.Length == 0) throw ArchiveError.Invalid("an entry has an empty name");
        if (name.Contains('\0')) throw ArchiveError.Entry(name, "the name contains a NUL character");
        if (name[0] == '/') throw ArchiveError.Entry(name, "absolute paths are not allowed");
        var parts = new List<string>();
        foreach (string part in name.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") throw ArchiveError.Entry(name, "\"..\" is not allowed in a path");
            parts.Add(part);
        }
        if (parts.Count == 0) return ".";
        return string.Join('/', parts);
    }

    /// <summary>
    /// A name an archive document (manifest.json) refers to, cleaned the same way; the document's
    /// own words appear in the error.
    /// </summary>
    public static string CleanReference(string name, string what)
    {
        try
        {
            return Clean(name);
        }
        catch (WharfException)
        {
            throw ArchiveError.Invalid($"{what} names \"{ArchiveError.Show(name)}\", which is not a plain relative path inside the archive");
        }
    }

    /// <summary>Where a link entry points, as an archive name: symlinks relative to their directory, hard links to the root.</summary>
    public static string? LinkTarget(string linkName, string target, bool symbolic)
    {
        if (target.Length == 0 || target[0] == '/' || target.Contains('\0')) return null;
        string joined = symbolic && linkName.Contains('/') ? linkName[..linkName.LastIndexOf('/')] + "/" + target : target;
        var parts = new List<string>();
        foreach (string part in joined.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null; // escapes the archive
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    /// <summary>"blobs/sha256/hex" for a digest (the OCI layout's blob path).</summary>
    public static string Blob(Digest digest) => $"blobs/{digest.Algorithm}/{digest.Hex}";

    /// <summary>The digest an OCI layout blob path names, when the name is one.</summary>
    public static Digest? BlobDigest(string cleanName)
    {
        string[] parts = cleanName.Split('/');
        if (parts.Length != 3 || parts[0] != "blobs") return null;
        return Digest.TryParse(parts[1] + ":" + parts[2], out var digest) ? digest : null;
    }
}
