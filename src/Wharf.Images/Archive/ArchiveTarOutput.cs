using System.Formats.Tar;
using Wharf.Content;
using Wharf.Core;

namespace Wharf.Images.Archive;

/// <summary>
/// The tar an archive is written as: PAX entries, files 0644 and directories 0755 owned by 0:0,
/// every time the Unix epoch, so the same images always give the same bytes. Each name is
/// written once; blobs stream from the content store.
/// </summary>
internal sealed class ArchiveTarOutput : IAsyncDisposable
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode DirectoryMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly TarWriter _tar;
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    public ArchiveTarOutput(Stream output) => _tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);

    public async Task DirectoryAsync(string name, CancellationToken cancellationToken)
    {
        if (!_written.Add(name)) return;
        await _tar.WriteEntryAsync(Entry(TarEntryType.Directory, name + "/", DirectoryMode), cancellationToken).ConfigureAwait(false);
    }

    public async Task FileAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        if (!_written.Add(name)) return;
        var entry = Entry(TarEntryType.RegularFile, name, FileMode);
        entry.DataStream = new MemoryStream(content, writable: false);
        await _tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes blobs/alg/hex from the store, streaming, unless it is already in the archive.</summary>
    public async Task BlobAsync(IContentProvider content, Digest digest, long size, CancellationToken cancellationToken)
    {
        string name = ArchivePath.Blob(digest);
        if (_written.Contains(name)) return;
        await DirectoryAsync("blobs", cancellationToken).ConfigureAwait(false);
        await DirectoryAsync($"blobs/{digest.Algorithm}", cancellationToken).ConfigureAwait(false);
        var blob = await content.OpenReadAsync(digest, cancellationToken).ConfigureAwait(false);
        await using var data = new SizedReadStream(blob, digest, size);
        var entry = Entry(TarEntryType.RegularFile, name, FileMode);
        entry.DataStream = data;
        await _tar.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        _written.Add(name);
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, UnixFileMode mode) => new(type, name)
    {
        Mode = mode,
        ModificationTime = DateTimeOffset.UnixEpoch,
        Uid = 0,
        Gid = 0,
        UserName = "",
        GroupName = "",
    };

    public ValueTask DisposeAsync() => _tar.DisposeAsync();
}
