using System.Formats.Tar;
using System.Text;
using Wharf.Core;
using Wharf.Core.Images;
using static Wharf.Images.Tests.Archive.ArchiveTestContext;

namespace Wharf.Images.Tests.Archive;

/// <summary>Broken and malicious archives: each refused with a clear error, nothing recorded, nothing written by their names.</summary>
public sealed class HostileArchiveTests
{
    private static async Task AssertRejectedAsync(byte[] archive, params string[] messageParts)
    {
        using var context = new ArchiveTestContext();
        var error = await Assert.ThrowsAsync<WharfException>(() => context.Reader.LoadAsync(new MemoryStream(archive)));
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        foreach (string part in messageParts) Assert.Contains(part, error.Message);
        Assert.Empty(await context.Images.ListAsync());
        // Nothing landed on disk next to or above the store by the archive's names.
        Assert.Equal(["content"], Directory.EnumerateFileSystemEntries(context.Root).Select(Path.GetFileName));
    }

    private static TarItem[] Legacy() => LegacyArchive.TwoImages(out _, out _);

    private static TarItem[] Replace(TarItem[] items, string name, TarItem replacement) =>
        items.Select(i => i.Name == name ? replacement : i).ToArray();

    [Fact]
    public Task DotDotEntryName_IsRefused() =>
        AssertRejectedAsync(BuildTar([TarItem.Text("../evil", "x"), .. Legacy()]), "../evil", "\"..\" is not allowed");

    [Fact]
    public Task DotDotInsideEntryName_IsRefused() =>
        AssertRejectedAsync(BuildTar([.. Legacy(), TarItem.Text("blobs/../../evil", "x")]), "\"..\" is not allowed");

    [Fact]
    public Task AbsoluteEntryName_IsRefused() =>
        AssertRejectedAsync(BuildTar([TarItem.Text("/tmp/wharf-evil", "x"), .. Legacy()]), "/tmp/wharf-evil", "absolute");

    [Fact]
    public Task ManifestPointingAtEtcPasswd_IsRefused() =>
        AssertRejectedAsync(BuildTar(Replace(Legacy(), "manifest.json",
            TarItem.Text("manifest.json", "[" + LegacyArchive.Manifest("../../etc/passwd", ["x:1"]) + "]"))), "../../etc/passwd", "not a plain relative path");

    [Fact]
    public Task ManifestPointingAtAbsoluteLayer_IsRefused() =>
        AssertRejectedAsync(BuildTar(Replace(Legacy(), "manifest.json",
            TarItem.Text("manifest.json", "[" + LegacyArchive.Manifest(LegacyArchive.ConfigName(LegacyArchive.Config(Digest.Compute(LegacyArchive.BaseLayer))), ["x:1"], "/etc/passwd") + "]"))),
            "/etc/passwd");

    [Fact]
    public Task SymlinkOutOfTheArchive_IsRefused() =>
        AssertRejectedAsync(BuildTar([TarItem.Symlink("evil", "../../etc/passwd"), .. Legacy()]), "evil", "outside the archive");

    [Fact]
    public Task ManifestNamingAMissingLayer_IsRefused()
    {
        var items = Legacy().Where(i => !i.Name.StartsWith(new string('b', 64) + "/layer.tar", StringComparison.Ordinal)).ToArray();
        return AssertRejectedAsync(BuildTar(items), new string('b', 64) + "/layer.tar", "not a file in the archive");
    }

    [Fact]
    public Task BlobNotMatchingItsDigest_IsRefused()
    {
        string wrong = new('e', 64);
        return AssertRejectedAsync(BuildTar([TarItem.Text("blobs/sha256/" + wrong, "not that"), .. Legacy()]), "blobs/sha256/" + wrong, "does not match");
    }

    [Fact]
    public Task DiffIdCountMismatch_IsRefused()
    {
        string config = LegacyArchive.Config(Digest.Compute(LegacyArchive.BaseLayer));
        return AssertRejectedAsync(BuildTar(
            TarItem.Text("c.json", config), TarItem.File("l1.tar", LegacyArchive.BaseLayer), TarItem.File("l2.tar", LegacyArchive.TopLayer),
            TarItem.Text("manifest.json", "[" + LegacyArchive.Manifest("c.json", ["x:1"], "l1.tar", "l2.tar") + "]")),
            "1 diff_ids", "2 layers");
    }

    [Fact]
    public Task DiffIdValueMismatch_IsRefused()
    {
        string config = LegacyArchive.Config(Digest.Compute(LegacyArchive.TopLayer));
        return AssertRejectedAsync(BuildTar(
            TarItem.Text("c.json", config), TarItem.File("l1.tar", LegacyArchive.BaseLayer),
            TarItem.Text("manifest.json", "[" + LegacyArchive.Manifest("c.json", ["x:1"], "l1.tar") + "]")),
            "l1.tar", "has diffID", Digest.Compute(LegacyArchive.TopLayer).ToString());
    }

    [Fact]
    public Task CorruptGzipLayer_IsRefused()
    {
        byte[] gz = Gzip(LegacyArchive.BaseLayer);
        gz.AsSpan(10, 8).Fill(0xff); // the first deflate block: a block type that does not exist
        string config = LegacyArchive.Config(Digest.Compute(LegacyArchive.BaseLayer));
        return AssertRejectedAsync(BuildTar(
            TarItem.Text("c.json", config), TarItem.File("l1.tar.gz", gz),
            TarItem.Text("manifest.json", "[" + LegacyArchive.Manifest("c.json", ["x:1"], "l1.tar.gz") + "]")),
            "l1.tar.gz", "corrupt Gzip data");
    }

    [Fact]
    public async Task OciLayoutCompressedLayerNotMatchingItsDiffId_IsRefused()
    {
        byte[] layer = LegacyArchive.BaseLayer, gz = Gzip(layer);
        var lying = Digest.Compute(LegacyArchive.TopLayer);
        string config = LegacyArchive.Config(lying);
        string manifest = $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciManifest}\","
            + $"\"config\":{{\"mediaType\":\"{MediaTypes.OciConfig}\",\"digest\":\"{Digest.Compute(Encoding.UTF8.GetBytes(config))}\",\"size\":{config.Length}}},"
            + $"\"layers\":[{{\"mediaType\":\"{MediaTypes.OciLayerGzip}\",\"digest\":\"{Digest.Compute(gz)}\",\"size\":{gz.Length}}}]}}";
        var manifestDigest = Digest.Compute(Encoding.UTF8.GetBytes(manifest));
        string index = $"{{\"schemaVersion\":2,\"manifests\":[{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"{manifestDigest}\",\"size\":{manifest.Length}}}]}}";
        await AssertRejectedAsync(BuildTar(
            TarItem.Text("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"),
            TarItem.File("blobs/sha256/" + Digest.Compute(gz).Hex, gz),
            TarItem.Text("blobs/sha256/" + Digest.Compute(Encoding.UTF8.GetBytes(config)).Hex, config),
            TarItem.Text("blobs/sha256/" + manifestDigest.Hex, manifest),
            TarItem.Text("index.json", index)),
            "has diffID " + Digest.Compute(layer), "the config says " + lying);
    }

    [Fact]
    public Task TruncatedTar_IsRefused()
    {
        byte[] whole = BuildTar([TarItem.File("big", new byte[100_000]), .. Legacy()]);
        return AssertRejectedAsync(whole[..50_000], "truncated");
    }

    [Fact]
    public Task CorruptGzip_IsRefused()
    {
        byte[] gz = Gzip(BuildTar(Legacy()));
        return AssertRejectedAsync(gz[..(gz.Length / 2)], "truncated or corrupt");
    }

    [Fact]
    public Task OversizedManifestJson_IsRefused() =>
        AssertRejectedAsync(BuildTar(TarItem.File("manifest.json", new byte[5 * 1024 * 1024])), "manifest.json", "too large");

    [Fact]
    public Task DeviceEntry_IsRefused() =>
        AssertRejectedAsync(BuildTar([new TarItem("dev", Type: TarEntryType.CharacterDevice), .. Legacy()]), "dev", "CharacterDevice");

    [Fact]
    public Task DuplicateNames_AreRefused() =>
        AssertRejectedAsync(BuildTar([.. Legacy(), TarItem.Text("manifest.json", "[]")]), "manifest.json", "twice");

    [Fact]
    public Task NotAnImageArchive_IsRefused() =>
        AssertRejectedAsync(BuildTar(TarItem.Text("hello.txt", "hi")), "neither manifest.json nor index.json");

    [Fact]
    public Task OciIndexNamingAMissingBlob_IsRefused()
    {
        var missing = Digest.Compute("gone"u8);
        string index = $"{{\"schemaVersion\":2,\"manifests\":[{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"{missing}\",\"size\":4}}]}}";
        return AssertRejectedAsync(BuildTar(TarItem.Text("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}"), TarItem.Text("index.json", index)),
            missing.ToString(), "not in the archive");
    }

    [Fact]
    public Task BadTagInRepoTags_IsRefused() =>
        AssertRejectedAsync(BuildTar(Replace(Legacy(), "manifest.json",
            TarItem.Text("manifest.json", "[" + LegacyArchive.Manifest(LegacyArchive.ConfigName(LegacyArchive.Config(Digest.Compute(LegacyArchive.BaseLayer))), ["UPPER:case"], new string('a', 64) + "/layer.tar") + "]"))),
            "UPPER:case");

    [Fact]
    public async Task OneBadImage_RecordsNoneOfTheOthers()
    {
        // The first image is complete, the second names a missing layer: neither is recorded.
        var items = Legacy();
        string firstConfig = LegacyArchive.Config(Digest.Compute(LegacyArchive.BaseLayer), Digest.Compute(LegacyArchive.TopLayer));
        string a = new('a', 64), b = new('b', 64);
        items = Replace(items, "manifest.json", TarItem.Text("manifest.json",
            "[" + LegacyArchive.Manifest(LegacyArchive.ConfigName(firstConfig), ["good:1"], a + "/layer.tar", b + "/layer.tar") + ","
            + LegacyArchive.Manifest(LegacyArchive.ConfigName(firstConfig), ["bad:1"], a + "/layer.tar", "nope/layer.tar") + "]"));
        await AssertRejectedAsync(BuildTar(items), "nope/layer.tar");
    }

    [Fact]
    public async Task SymlinkLoop_IsRefused() =>
        await AssertRejectedAsync(BuildTar([TarItem.Symlink("x/layer.tar", "../y/layer.tar"), TarItem.Symlink("y/layer.tar", "../x/layer.tar"),
            TarItem.Text("c.json", LegacyArchive.Config(Digest.Compute(LegacyArchive.BaseLayer))),
            TarItem.Text("manifest.json", "[" + LegacyArchive.Manifest("c.json", ["x:1"], "x/layer.tar") + "]")]), "circles");
}
