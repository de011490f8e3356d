using Wharf.Content;
using Wharf.Core;

namespace Wharf.Images.Archive;

/// <summary>
/// What an archive held, once read through: its small top-level documents in memory, every other
/// file as a blob in the content store, and its links as names pointing at names. Nothing of it
/// is on disk under the archive's names.
/// </summary>
internal sealed class ArchiveContents
{
    private const int MaxLinkHops = 16;

    private readonly Dictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContentInfo> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<Digest, LayerContent> _layers = [];
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Claims a name; an archive holding one name twice is refused, as the later copy would silently win.</summary>
    public void Claim(string name)
    {
        if (!_names.Add(name)) throw ArchiveError.Entry(name, "the archive holds this name twice");
    }

    public void AddDocument(string name, byte[] content) => _documents[name] = content;

    /// <param name="layer">What the file holds decompressed, when it is gzip or zstd (it may be a layer).</param>
    public void AddFile(string name, ContentInfo blob, LayerContent? layer = null)
    {
        _files[name] = blob;
        if (layer is not null) _layers[blob.Digest] = layer;
    }

    /// <summary>What the spool learnt about a compressed blob's content; null for a plain one (or one it did not see).</summary>
    public LayerContent? LayerOf(Digest blob) => _layers.GetValueOrDefault(blob);

    public void AddLink(string name, string target) => _links[name] = target;

    public byte[]? Document(string name) => _documents.GetValueOrDefault(name);

    /// <summary>
    /// The blob stored for a name a document refers to, following the archive's own links (old
    /// `docker save` links shared layer.tar files); an error naming the referrer when it is absent.
    /// </summary>
    public ContentInfo Resolve(string name, string referrer)
    {
        string clean = ArchivePath.CleanReference(name, referrer);
        for (int hop = 0; hop <= MaxLinkHops; hop++)
        {
            if (_files.TryGetValue(clean, out var blob)) return blob;
            if (!_links.TryGetValue(clean, out var target)) break;
            clean = target;
        }
        if (_links.ContainsKey(clean))
            throw ArchiveError.Invalid($"{referrer} names \"{ArchiveError.Show(name)}\", whose links go round in circles");
        throw ArchiveError.Invalid($"{referrer} names \"{ArchiveError.Show(name)}\", which is not a file in the archive");
    }
}
