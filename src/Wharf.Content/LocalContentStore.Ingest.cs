using Wharf.Core;

namespace Wharf.Content;

// Starting ingests and publishing verified content into blobs/.
public sealed partial class LocalContentStore
{
    public ValueTask<IContentWriter> BeginIngestAsync(Digest? expected, long? expectedSize = null, CancellationToken cancellationToken = default)
    {
        if (expectedSize < 0) throw WharfException.Invalid($"invalid size {expectedSize} for {expected}");
        if (expected is { Algorithm: null }) throw WharfException.Invalid("empty digest");
        string id = $"{expected?.Hex[..12] ?? "new"}-{Guid.NewGuid():N}";
        IContentWriter writer = LocalContentWriter.Create(this, Path.Join(_ingests, id), expected, expectedSize);
        return ValueTask.FromResult(writer);
    }

    /// <summary>
    /// Moves verified, fsynced content from an ingest into blobs/. If the blob is already there the
    /// content is left for the caller to discard and the blob's commit time is refreshed instead.
    /// </summary>
    internal async ValueTask<ContentInfo> PublishAsync(string data, Digest digest, long size, CancellationToken cancellationToken)
    {
        string target = BlobPath(digest);
        string directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows()) // blobs are immutable: 0444
            File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        DateTime committed;
        bool renamed = false;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(target))
            {
                committed = Stamp(target);
            }
            else
            {
                committed = Stamp(data);
                // rename(2): atomic, and replaces a copy another process published meanwhile with the same bytes.
                File.Move(data, target, overwrite: true);
                renamed = true;
            }
        }
        finally
        {
            _gate.Release();
        }
        if (renamed) _syncDirectory?.Invoke(directory);
        return new ContentInfo(digest, size, new DateTimeOffset(committed, TimeSpan.Zero));
    }

    /// <summary>
    /// Sets the commit time (mtime) from this process's clock rather than the kernel's coarser
    /// one, so it orders exactly against a collection's start. On a file system that rounds times
    /// down, the next whole second is used: later is safe, earlier is not.
    /// </summary>
    private static DateTime Stamp(string path)
    {
        DateTime now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(path, now);
        if (File.GetLastWriteTimeUtc(path) >= now) return now;
        var later = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, later);
        return later;
    }
}
