using System.Security.Cryptography;
using Wharf.Core;

namespace Wharf.Content;

/// <summary>
/// One ingest into a <see cref="LocalContentStore"/>: root/ingest/&lt;id&gt;/data, hashed as it is
/// written, and a lock file held for the writer's life so that no cleanup mistakes it for debris.
/// </summary>
internal sealed class LocalContentWriter : IContentWriter
{
    internal const string LockName = "lock";
    private const string DataName = "data";

    private readonly LocalContentStore _store;
    private readonly string _directory;
    private readonly Digest? _expected;
    private readonly long? _expectedSize;
    private readonly FileStream _lock;
    private readonly FileStream _data;
    private readonly IncrementalHash _hash;
    private bool _finished;

    private LocalContentWriter(LocalContentStore store, string directory, Digest? expected, long? expectedSize,
        FileStream lockFile, FileStream data)
    {
        _store = store;
        _directory = directory;
        _expected = expected;
        _expectedSize = expectedSize;
        _lock = lockFile;
        _data = data;
        _hash = ContentHash.Create(expected?.Algorithm ?? "sha256");
    }

    public long Written { get; private set; }

    private string Name => _expected?.ToString() ?? "new content";

    internal static LocalContentWriter Create(LocalContentStore store, string directory, Digest? expected, long? expectedSize)
    {
        // The lock exists, held, before the directory does, and moves into it once it exists (a
        // flock belongs to the open file and survives the rename): at no moment is there an ingest
        // directory that a cleanup cannot tell from a crash's debris.
        string pendingLock = directory + LocalContentStore.PendingLockSuffix;
        FileStream? lockFile = null;
        try
        {
            lockFile = new FileStream(pendingLock, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            Directory.CreateDirectory(directory);
            File.Move(pendingLock, Path.Join(directory, LockName));
            var data = new FileStream(Path.Join(directory, DataName), new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 128 * 1024,
            });
            return new LocalContentWriter(store, directory, expected, expectedSize, lockFile, data);
        }
        catch
        {
            LocalContentStore.DeleteTree(directory);
            if (lockFile is not null) File.Delete(pendingLock);
            lockFile?.Dispose();
            throw;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        CheckAppend(data.Length);
        _hash.AppendData(data.Span);
        try
        {
            await _data.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortAsync().ConfigureAwait(false);
            throw;
        }
        Written += data.Length;
    }

    /// <summary>The synchronous path, for producers that write to a stream synchronously.</summary>
    internal void Write(ReadOnlySpan<byte> data)
    {
        CheckAppend(data.Length);
        _hash.AppendData(data);
        try
        {
            _data.Write(data);
        }
        catch
        {
            Finish();
            throw;
        }
        Written += data.Length;
    }

    public async ValueTask<ContentInfo> CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_finished) throw new InvalidOperationException($"the ingest of {Name} is already finished");
        try
        {
            await _data.FlushAsync(cancellationToken).ConfigureAwait(false);
            _data.Flush(flushToDisk: true);
            await _data.DisposeAsync().ConfigureAwait(false);

            if (_expectedSize is { } size && Written != size)
                throw WharfException.Invalid($"size mismatch for {Name}: expected {size} bytes, got {Written}");
            string algorithm = _expected?.Algorithm ?? "sha256";
            var actual = ContentHash.ToDigest(algorithm, _hash.GetHashAndReset());
            if (_expected is { } expected && actual != expected)
                throw WharfException.Invalid($"digest mismatch: expected {expected}, got {actual}");

            return await _store.PublishAsync(Path.Join(_directory, DataName), actual, Written, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Finish();
        }
    }

    public ValueTask AbortAsync()
    {
        Finish();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => AbortAsync();

    private void CheckAppend(int count)
    {
        if (_finished) throw new InvalidOperationException($"the ingest of {Name} is already finished");
        if (_expectedSize is { } size && Written + count > size)
        {
            Finish();
            throw WharfException.Invalid($"size mismatch for {Name}: expected {size} bytes, got more");
        }
    }

    /// <summary>Removes the ingest directory (the data, if not published, with it), then lets go of the lock.</summary>
    private void Finish()
    {
        if (_finished) return;
        _finished = true;
        _data.Dispose();
        _hash.Dispose();
        LocalContentStore.DeleteTree(_directory);
        _lock.Dispose();
    }
}
