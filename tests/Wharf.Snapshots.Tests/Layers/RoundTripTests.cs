using Wharf.Core.Images;
using System.Formats.Tar;
using System.Security.Cryptography;
using Wharf.Core;
using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>An upper dir diffed into a layer and applied again comes back node for node.</summary>
[Trait("Category", "Kernel")]
public sealed class RoundTripTests : IDisposable
{
    // cap_setuid=ep as vfs_cap_data v2: bytes >= 0x80 that a UTF-8 round trip would corrupt.
    private static readonly byte[] SetuidCapability = [0x01, 0x00, 0x00, 0x02, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly LayerSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    /// <summary>
    /// Every kind of node an upper dir holds, with owners, special modes, mtimes and the one xattr a
    /// diff carries (security.capability; see <see cref="DifferXattrTests"/> for the others).
    /// </summary>
    private static void MakeTree(string root)
    {
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        var tree = new FileTree(root)
            .Directory("bin")
            .File("bin/su", "#!/bin/su\n"u8.ToArray(), mode: 0b100_111_101_101, uid: 1000, gid: 2000)
            .Xattr("bin/su", "security.capability", SetuidCapability)
            .HardLink("bin/su-again", "bin/su")
            .Symlink("bin/sh", "busybox", uid: 1000, gid: 2000)
            .Symlink("host-passwd", "/etc/passwd")
            .File("big.bin", content, mode: 0b110_100_000, uid: 1000, gid: 2000)
            .File("empty", [], mode: 0b010_111_101_101)
            .File(new string('n', 120) + ".txt", "long name"u8.ToArray())
            .File("héllo wörld", "non-ASCII name"u8.ToArray())
            .Directory("tmp", mode: 0b001_111_111_111)
            .Directory("dev")
            .Node("dev/null", Libc.S_IFCHR, 1, 3, 0b110_110_110)
            .Node("dev/sda", Libc.S_IFBLK, 8, 0, 0b110_110_000, gid: 6)
            .Directory("run", uid: 1000, gid: 2000, mtime: 1_600_000_000)
            .Node("run/fifo", Libc.S_IFIFO, 0, 0, 0b110_100_000, uid: 1000, gid: 2000)
            .Node("gone", Libc.S_IFCHR, 0, 0, 0)
            .Directory("opaque", mode: 0b111_000_000)
            .Xattr("opaque", "trusted.overlay.opaque", "y"u8.ToArray())
            .File("opaque/inside", "x"u8.ToArray());
        tree.Finish();
    }

    [LayerKernelFact]
    public async Task EveryKindOfNodeSurvivesDiffAndApply()
    {
        string source = _sandbox.NewDirectory("source");
        MakeTree(source);

        var tar = new MemoryStream();
        var diff = await LayerDiffer.WriteAsync(source, tar, CancellationToken.None);
        var applied = await LayerApplier.ApplyAsync(new MemoryStream(tar.ToArray()), _sandbox.Target, CancellationToken.None);

        Assert.Equal(TreeSnapshot.Take(source), TreeSnapshot.Take(_sandbox.Target));
        Assert.Equal(diff.DiffId, applied.DiffId);
        Assert.Equal(tar.Length, applied.Size);
        Assert.Equal(Digest.Compute(tar.ToArray()), diff.DiffId);
        Assert.Equal(diff.DiffId, diff.Digest);
        // The special bits really are on disk, not just equal on both sides.
        var su = Libc.LStatAt(Libc.AT_FDCWD, Path.Join(_sandbox.Target, "bin/su"));
        Assert.Equal(0b100_111_101_101, su.Mode & 0xfff);
        Assert.Equal((1000u, 2000u, 2u), (su.Uid, su.Gid, su.Nlink));
        Assert.Equal(SetuidCapability, Libc.LGetXattr(Path.Join(_sandbox.Target, "bin/su"), "security.capability"));
        Assert.Equal(0b001_111_111_111, Libc.LStatAt(Libc.AT_FDCWD, Path.Join(_sandbox.Target, "tmp")).Mode & 0xfff);
        _sandbox.AssertOutsideUntouched();
    }

    [LayerKernelFact]
    public async Task TheSameTreeGivesTheSameBytes()
    {
        string first = _sandbox.NewDirectory("first"), second = _sandbox.NewDirectory("second");
        MakeTree(first);
        MakeTree(second);

        var a = new MemoryStream();
        var b = new MemoryStream();
        var c = new MemoryStream();
        var diffA = await LayerDiffer.WriteAsync(first, a, CancellationToken.None);
        var diffB = await LayerDiffer.WriteAsync(first, b, CancellationToken.None);
        var diffC = await LayerDiffer.WriteAsync(second, c, CancellationToken.None);

        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.Equal(a.ToArray(), c.ToArray());
        Assert.Equal(diffA.DiffId, diffB.DiffId);
        Assert.Equal(diffA.DiffId, diffC.DiffId);
    }

    [LayerKernelFact]
    public async Task GzipAndZstdLayersApplyTheSameAsPlain()
    {
        string source = _sandbox.NewDirectory("source");
        MakeTree(source);
        var expected = TreeSnapshot.Take(source);

        Digest? diffId = null;
        foreach (var compression in new[] { LayerCompression.None, LayerCompression.Gzip, LayerCompression.Zstd })
        {
            var blob = new MemoryStream();
            var diff = await LayerDiffer.WriteAsync(source, blob, compression, CancellationToken.None);
            Assert.Equal(Digest.Compute(blob.ToArray()), diff.Digest);
            Assert.Equal(blob.Length, diff.Size);
            diffId ??= diff.DiffId;
            Assert.Equal(diffId, diff.DiffId); // compression does not change the tar
            Assert.Equal(compression == LayerCompression.None, diff.Digest == diff.DiffId);

            string target = _sandbox.NewDirectory($"applied-{compression}");
            var applied = await LayerApplier.ApplyAsync(new MemoryStream(blob.ToArray()), target, CancellationToken.None);
            Assert.Equal(compression, applied.Compression);
            Assert.Equal(diffId, applied.DiffId);
            Assert.Equal(diff.UncompressedSize, applied.Size);
            Assert.Equal(expected, TreeSnapshot.Take(target));
        }
    }

    [LayerKernelFact]
    public async Task DiffIdIsTheSha256OfTheUncompressedTar()
    {
        byte[] tar = new TarBuilder().Directory("etc").File("etc/hostname", "wharf\n").Symlink("etc/localtime", "/usr/share/zoneinfo/UTC").Build();

        var gzip = await LayerApplier.ApplyAsync(new MemoryStream(TarBuilder.Gzip(tar)), _sandbox.Target, CancellationToken.None);
        var zstd = await LayerApplier.ApplyAsync(new MemoryStream(TarBuilder.Zstd(tar)), _sandbox.NewDirectory("zstd"), CancellationToken.None);
        var plain = await LayerApplier.ApplyAsync(new MemoryStream(tar), _sandbox.NewDirectory("plain"), CancellationToken.None);

        var expected = Digest.FromSha256(SHA256.HashData(tar));
        Assert.Equal(expected, gzip.DiffId);
        Assert.Equal(expected, zstd.DiffId);
        Assert.Equal(expected, plain.DiffId);
        Assert.Equal(tar.Length, gzip.Size);
        Assert.Equal((LayerCompression.Gzip, LayerCompression.Zstd, LayerCompression.None), (gzip.Compression, zstd.Compression, plain.Compression));
        Assert.Equal("wharf\n", File.ReadAllText(Path.Join(_sandbox.Target, "etc/hostname")));
    }

    [LayerKernelFact]
    public async Task AKnownDigestSparesHashingAPlainTarButNeverACompressedOne()
    {
        byte[] tar = new TarBuilder().File("a", "1").Build();
        var claimed = Digest.Compute("what the caller says"u8);

        var plain = await LayerApplier.ApplyAsync(new MemoryStream(tar), _sandbox.Target, LayerLimits.Default, claimed, CancellationToken.None);
        var gzip = await LayerApplier.ApplyAsync(new MemoryStream(TarBuilder.Gzip(tar)), _sandbox.NewDirectory("gzip"), LayerLimits.Default,
            claimed, CancellationToken.None);

        Assert.Equal(claimed, plain.DiffId); // the caller vouches for these bytes (a verified blob)
        Assert.Equal(tar.Length, plain.Size);
        Assert.Equal(Digest.Compute(tar), gzip.DiffId); // the blob's digest says nothing about what is inside
    }

    [LayerKernelFact]
    public async Task TheDiffIsATarOtherToolsRead()
    {
        string source = _sandbox.NewDirectory("source");
        MakeTree(source);
        var blob = new MemoryStream();
        await LayerDiffer.WriteAsync(source, blob, CancellationToken.None);
        blob.Position = 0;

        var names = new List<string>();
        using var reader = new TarReader(blob);
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
            if (entry.Name == "bin/su-again")
                Assert.Equal((TarEntryType.HardLink, "bin/su"), (entry.EntryType, entry.LinkName));
            if (entry.Name == "big.bin")
                Assert.Equal(300_000, entry.Length);
        }
        string longName = new string('n', 120) + ".txt";
        Assert.Equal(
        [
            "big.bin", "bin/", "bin/sh", "bin/su", "bin/su-again", "dev/", "dev/null", "dev/sda", "empty", ".wh.gone",
            "host-passwd", "héllo wörld", longName, "opaque/", "opaque/.wh..wh..opq", "opaque/inside", "run/", "run/fifo", "tmp/",
        ], names);
    }
}
