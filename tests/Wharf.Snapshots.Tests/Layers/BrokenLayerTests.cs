using Wharf.Core;
using Wharf.Snapshots.Layers;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>
/// Truncated, corrupt and oversized archives: each is a clear InvalidArgument error and nothing
/// outside the target changes (the caller deletes the half-written target).
/// </summary>
[Trait("Category", "Kernel")]
public sealed class BrokenLayerTests : IDisposable
{
    private readonly LayerSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private async Task<WharfException> Rejected(byte[] layer, string reason, LayerLimits? limits = null)
    {
        var error = await Assert.ThrowsAsync<WharfException>(() =>
            LayerApplier.ApplyAsync(new MemoryStream(layer), _sandbox.Target, limits ?? LayerLimits.Default, CancellationToken.None));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(reason, error.Message);
        _sandbox.AssertOutsideUntouched();
        return error;
    }

    private static byte[] BigLayer() => new TarBuilder().File("a", "first").File("big", new string('x', 20_000)).File("z", "last").Build();

    [LayerKernelFact]
    public Task TruncatedTarIsRejected() => Rejected(BigLayer()[..5_000], "tar stream is truncated");

    [LayerKernelFact]
    public Task TarCutInsideAHeaderIsRejected() => Rejected(BigLayer()[..1_100], "tar stream is truncated");

    [LayerKernelFact]
    public Task TarCutBetweenEntriesIsRejected()
    {
        // Only the end marker tells a whole layer from one cut at an entry boundary.
        byte[] whole = BigLayer();
        // "z": PAX header and its records, ustar header, one block of data; then the end marker.
        return Rejected(whole[..(whole.Length - 3 * 512 - 512 - 1024)], $"tar stream is truncated (ends at byte {whole.Length - 3072})");
    }

    [LayerKernelFact]
    public Task EmptyLayerIsRejected() => Rejected([], "layer is empty");

    [LayerKernelFact]
    public Task GzipCutAfterItsHeaderIsRejected() => Rejected(TarBuilder.Gzip(BigLayer())[..20], "invalid layer");

    [LayerKernelFact]
    public Task TruncatedGzipIsRejected()
    {
        byte[] gzip = TarBuilder.Gzip(BigLayer());
        return Rejected(gzip[..(gzip.Length / 2)], "truncated");
    }

    [LayerKernelFact]
    public Task CorruptGzipIsRejected()
    {
        byte[] gzip = TarBuilder.Gzip(BigLayer());
        gzip[10] = 0xff; // first deflate block: reserved block type 11
        return Rejected(gzip, "corrupt gzip stream");
    }

    [LayerKernelFact]
    public Task CorruptZstdIsRejected()
    {
        byte[] zstd = TarBuilder.Zstd(BigLayer());
        for (int i = 6; i < 40; i++) zstd[i] ^= 0x5a;
        return Rejected(zstd, "invalid layer");
    }

    [LayerKernelFact]
    public Task TruncatedZstdIsRejected()
    {
        byte[] zstd = TarBuilder.Zstd(BigLayer());
        return Rejected(zstd[..(zstd.Length / 2)], "truncated");
    }

    [LayerKernelFact]
    public Task NotATarIsRejected()
    {
        var noise = new byte[4096];
        new Random(3).NextBytes(noise);
        noise[0] = (byte)'!'; // no compression magic
        return Rejected(noise, "not a tar archive");
    }

    [LayerKernelFact]
    public Task XzLayerIsRejected() => Rejected([0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, 1, 2], "xz and bzip2 layers are not supported");

    [LayerKernelFact]
    public Task UnknownEntryTypeIsRejected() =>
        Rejected([.. TarBuilder.RawHeader("sparse", 'S', 0), .. new byte[1024]], "unsupported tar entry type 'S'");

    [LayerKernelFact]
    public Task OversizedPaxHeaderIsRejected() =>
        Rejected([.. TarBuilder.RawHeader("pax", 'x', 2 << 20), .. new byte[4096]], "extended tar header of 2097152 bytes");

    [LayerKernelFact]
    public Task OversizedGnuLongNameIsRejected() =>
        Rejected([.. TarBuilder.RawHeader("././@LongLink", 'L', 1L << 32), .. new byte[4096]], "extended tar header of 4294967296 bytes");

    [LayerKernelFact]
    public Task OversizedXattrIsRejected() =>
        Rejected(new TarBuilder().File("f", "x", pax: [new("SCHILY.xattr.user.big", new string('v', 70_000))]).Build(),
            "extended attribute user.big is 70000 bytes");

    [LayerKernelFact]
    public Task MalformedPaxRecordIsRejected()
    {
        byte[] records = "99 path=short\n"u8.ToArray();
        var block = new byte[512];
        records.CopyTo(block, 0);
        return Rejected([.. TarBuilder.RawHeader("pax", 'x', records.Length), .. block, .. TarBuilder.RawHeader("f", '0', 0), .. new byte[1024]],
            "malformed PAX record");
    }

    [LayerKernelFact]
    public Task TooManyEntriesAreRejected() =>
        Rejected(new TarBuilder().File("1").File("2").File("3").File("4").Build(), "more than 3 entries", LayerLimits.Default with { MaxEntries = 3 });

    [LayerKernelFact]
    public async Task NulInNameIsRejected()
    {
        var tar = new MemoryStream();
        var writer = new LayerTarWriter(tar);
        await writer.WriteAsync(new TarEntry { Kind = TarEntryKind.RegularFile, Name = "a\0/../../escape" }, null, CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);
        await Rejected(tar.ToArray(), "name contains a NUL byte");
    }
}
