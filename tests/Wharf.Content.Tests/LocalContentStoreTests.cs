using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Wharf.Core;
using Wharf.Core.Images;

namespace Wharf.Content.Tests;

public sealed class LocalContentStoreTests : IDisposable
{
    private readonly StoreRoot _root = new();
    private readonly LocalContentStore _store;

    public LocalContentStoreTests() => _store = _root.Open();

    public void Dispose() => _root.Dispose();

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<byte[]> ReadAll(Digest digest)
    {
        await using var stream = await _store.OpenReadAsync(digest);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Stores_a_blob_under_its_digest_read_only()
    {
        byte[] content = Bytes("hello, wharf");
        var info = await _store.WriteBlobAsync(content);

        Assert.Equal(Digest.Compute(content), info.Digest);
        Assert.Equal(content.Length, info.Size);
        Assert.True(await _store.ExistsAsync(info.Digest));
        Assert.Equal(content, await ReadAll(info.Digest));
        Assert.Equal(info, await _store.InfoAsync(info.Digest));

        string path = Path.Join(_root.Path, "blobs", "sha256", info.Digest.Hex);
        Assert.True(File.Exists(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
        Assert.Empty(_root.IngestEntries());

        var descriptor = info.Describe(MediaTypes.OciConfig);
        Assert.Equal(new Descriptor { MediaType = MediaTypes.OciConfig, Digest = info.Digest, Size = content.Length }, descriptor);
    }

    [Fact]
    public async Task Streams_content_in_and_computes_its_digest()
    {
        byte[] content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        await using var writer = await _store.BeginIngestAsync(expected: null);
        for (int offset = 0; offset < content.Length; offset += 100_000)
            await writer.WriteAsync(content.AsMemory(offset, Math.Min(100_000, content.Length - offset)));
        Assert.Equal(content.Length, writer.Written);
        Assert.Single(_root.IngestEntries()); // visible only as an ingest until committed
        Assert.False(await _store.ExistsAsync(Digest.Compute(content)));

        var info = await writer.CommitAsync();
        Assert.Equal(Digest.Compute(content), info.Digest);
        Assert.Equal(content, await ReadAll(info.Digest));
        Assert.Empty(_root.IngestEntries());
    }

    [Fact]
    public async Task Takes_content_from_a_producer_writing_synchronously()
    {
        byte[] content = Bytes(string.Concat(Enumerable.Repeat("layer data ", 10_000)));
        await using var writer = await _store.BeginIngestAsync(expected: null);
        await using (var gzip = new GZipStream(writer.AsStream(), CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(content);
        var info = await writer.CommitAsync();

        await using var read = await _store.OpenReadAsync(info.Digest);
        await using var gunzip = new GZipStream(read, CompressionMode.Decompress);
        using var copy = new MemoryStream();
        await gunzip.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Stores_from_a_stream_with_an_expected_digest_and_size()
    {
        byte[] content = RandomNumberGenerator.GetBytes(700_000);
        var info = await _store.WriteBlobAsync(new MemoryStream(content), Digest.Compute(content), content.Length);
        Assert.Equal(Digest.Compute(content), info.Digest);
    }

    [Fact]
    public async Task A_digest_mismatch_names_both_digests_and_leaves_nothing()
    {
        byte[] content = Bytes("what arrived"), claimed = Bytes("what was promised");
        var expected = Digest.Compute(claimed);

        var error = await Assert.ThrowsAsync<WharfException>(async () => await _store.WriteBlobAsync(content, expected));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal($"digest mismatch: expected {expected}, got {Digest.Compute(content)}", error.Message);

        Assert.False(await _store.ExistsAsync(expected));
        Assert.False(await _store.ExistsAsync(Digest.Compute(content)));
        Assert.Empty(_root.IngestEntries());
        Assert.Empty(await _store.ListAsync().ToListAsync());
    }

    [Fact]
    public async Task Short_content_is_a_size_mismatch_and_leaves_nothing()
    {
        byte[] content = Bytes("12345");
        await using var writer = await _store.BeginIngestAsync(Digest.Compute(content), expectedSize: 10);
        await writer.WriteAsync(content);

        var error = await Assert.ThrowsAsync<WharfException>(async () => await writer.CommitAsync());
        Assert.Equal($"size mismatch for {Digest.Compute(content)}: expected 10 bytes, got 5", error.Message);
        Assert.False(await _store.ExistsAsync(Digest.Compute(content)));
        Assert.Empty(_root.IngestEntries());
    }

    [Fact]
    public async Task Content_past_the_expected_size_is_cut_off_at_once()
    {
        await using var writer = await _store.BeginIngestAsync(Digest.Compute(Bytes("1234")), expectedSize: 4);
        await writer.WriteAsync(Bytes("12"));

        var error = await Assert.ThrowsAsync<WharfException>(async () => await writer.WriteAsync(Bytes("345")));
        Assert.Contains("expected 4 bytes, got more", error.Message);
        Assert.Empty(_root.IngestEntries());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.CommitAsync());
    }

    [Fact]
    public async Task Committing_content_already_stored_succeeds_and_refreshes_it()
    {
        byte[] content = Bytes("twice");
        var first = await _store.WriteBlobAsync(content);
        var second = await _store.WriteBlobAsync(content, first.Digest);

        Assert.Equal(first.Digest, second.Digest);
        Assert.True(second.Committed >= first.Committed);
        Assert.Equal(second.Committed, (await _store.InfoAsync(first.Digest)).Committed);
        Assert.Single(await _store.ListAsync().ToListAsync());
        Assert.Empty(_root.IngestEntries());
    }

    [Fact]
    public async Task Eight_parallel_writers_of_the_same_content_all_succeed_with_one_blob()
    {
        byte[] content = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var digest = Digest.Compute(content);
        // All ingests open before any writes: an async gate, as blocking 8 pool threads starves a small machine.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int ready = 0;

        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            // Half through one store, half through their own (as separate processes would).
            var store = i % 2 == 0 ? _store : _root.Open();
            await using var writer = await store.BeginIngestAsync(digest, content.Length);
            if (Interlocked.Increment(ref ready) == 8) go.SetResult();
            await go.Task;
            for (int offset = 0; offset < content.Length; offset += 64 * 1024)
            {
                await writer.WriteAsync(content.AsMemory(offset, 64 * 1024));
                await Task.Yield();
            }
            return await writer.CommitAsync();
        })).ToArray();

        var infos = await Task.WhenAll(writers);
        Assert.All(infos, info => Assert.Equal(digest, info.Digest));
        Assert.Equal(digest, Assert.Single(await _store.ListAsync().ToListAsync()).Digest);
        Assert.Equal(content, await ReadAll(digest));
        Assert.Empty(_root.IngestEntries());
    }

    [Fact]
    public async Task An_aborted_or_abandoned_ingest_leaves_nothing()
    {
        var aborted = await _store.BeginIngestAsync(null);
        await aborted.WriteAsync(Bytes("partial"));
        await aborted.AbortAsync();
        await aborted.AbortAsync(); // idempotent

        await using (var abandoned = await _store.BeginIngestAsync(null))
            await abandoned.WriteAsync(Bytes("partial"));

        Assert.Empty(_root.IngestEntries());
        Assert.Empty(await _store.ListAsync().ToListAsync());
    }

    [Fact]
    public async Task Accepts_sha512_digests()
    {
        byte[] content = Bytes("sha512 content");
        var expected = Digest.Parse("sha512:" + Convert.ToHexStringLower(SHA512.HashData(content)));
        var info = await _store.WriteBlobAsync(content, expected);
        Assert.Equal(expected, info.Digest);
        Assert.True(File.Exists(Path.Join(_root.Path, "blobs", "sha512", expected.Hex)));
        Assert.Equal(content, await _store.ReadBlobAsync(expected, 100));
        Assert.Contains(await _store.ListAsync().ToListAsync(), blob => blob.Digest == expected);
    }

    [Fact]
    public async Task A_missing_blob_is_not_found()
    {
        var digest = Digest.Compute(Bytes("absent"));
        Assert.False(await _store.ExistsAsync(digest));
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<WharfException>(async () => await _store.OpenReadAsync(digest))).Kind);
        Assert.Equal(ErrorKind.NotFound, (await Assert.ThrowsAsync<WharfException>(async () => await _store.InfoAsync(digest))).Kind);
        Assert.False(await _store.DeleteAsync(digest));
    }

    [Fact]
    public async Task Deletes_blobs_unless_committed_since_the_given_instant()
    {
        var old = await _store.WriteBlobAsync(Bytes("old"));
        var cutoff = DateTimeOffset.UtcNow;
        var fresh = await _store.WriteBlobAsync(Bytes("fresh"));

        Assert.False(await _store.DeleteAsync(fresh.Digest, committedBefore: cutoff));
        Assert.True(await _store.DeleteAsync(old.Digest, committedBefore: cutoff));
        Assert.False(await _store.ExistsAsync(old.Digest));
        Assert.True(await _store.DeleteAsync(fresh.Digest));
        Assert.Empty(await _store.ListAsync().ToListAsync());
    }

    [Fact]
    public async Task Lists_only_files_named_by_digests()
    {
        var blob = await _store.WriteBlobAsync(Bytes("listed"));
        await File.WriteAllTextAsync(Path.Join(_root.Path, "blobs", "sha256", "not-a-digest"), "x");
        Assert.Equal([blob], await _store.ListAsync().ToListAsync());
    }

    [Fact]
    public async Task Reads_small_blobs_whole_within_a_bound()
    {
        byte[] content = Bytes(new string('x', 100));
        var info = await _store.WriteBlobAsync(content);

        Assert.Equal(content, await _store.ReadBlobAsync(info.Digest, maxSize: 100));
        var tooLarge = await Assert.ThrowsAsync<WharfException>(async () => await _store.ReadBlobAsync(info.Digest, maxSize: 50));
        Assert.Equal($"blob {info.Digest} is too large: 100 bytes, at most 50 accepted", tooLarge.Message);

        // A descriptor claiming an attacker-sized blob is refused before anything is opened.
        var huge = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute(Bytes("elsewhere")), Size = 1L << 40 };
        Assert.Contains("too large", (await Assert.ThrowsAsync<WharfException>(async () => await _store.ReadBlobAsync(huge, ContentLimits.Manifest))).Message);

        var lying = info.Describe(MediaTypes.OciConfig) with { Size = 99 };
        Assert.Contains("size mismatch", (await Assert.ThrowsAsync<WharfException>(async () => await _store.ReadBlobAsync(lying, 1000))).Message);
    }

    [Fact]
    public async Task A_blob_corrupted_on_disk_is_reported_not_returned()
    {
        var info = await _store.WriteBlobAsync(Bytes("{\"pristine\":true}"));
        string path = Path.Join(_root.Path, "blobs", "sha256", info.Digest.Hex);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(path, "{\"tampered\":true}");

        var error = await Assert.ThrowsAsync<WharfException>(async () => await _store.ReadBlobAsync(info.Digest, 1000));
        Assert.StartsWith($"blob {info.Digest} is corrupt", error.Message);
    }

    [Fact]
    public async Task Refuses_nonsense_arguments()
    {
        await Assert.ThrowsAsync<WharfException>(async () => await _store.BeginIngestAsync(null, expectedSize: -1));
        await Assert.ThrowsAsync<WharfException>(async () => await _store.BeginIngestAsync(default(Digest)));
        await Assert.ThrowsAsync<WharfException>(async () => await _store.OpenReadAsync(default));
    }
}
