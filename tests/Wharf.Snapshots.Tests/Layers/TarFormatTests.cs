using System.Text;
using Wharf.Core;
using Wharf.Snapshots.Layers;
using Wharf.Snapshots.Layers.Tar;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>The tar reader and writer and the name cleaning, without touching a file system.</summary>
public sealed class TarFormatTests
{
    [Theory]
    [InlineData("etc/passwd", "etc/passwd")]
    [InlineData("./etc//passwd", "etc/passwd")]
    [InlineData("/etc/passwd", "etc/passwd")]
    [InlineData("///abs/../path/", "path")]
    [InlineData("a/b/../../c", "c")]
    [InlineData("./", "")]
    [InlineData("..data", "..data")]
    public void NamesAreCleanedInsideTheRoot(string name, string cleaned) =>
        Assert.Equal(cleaned, LayerPath.Join(LayerPath.Clean(name, name, "name", LayerLimits.Default)));

    [Theory]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/../x")]
    public void NamesClimbingOutAreRejected(string name)
    {
        var error = Assert.Throws<WharfException>(() => LayerPath.Clean(name, name, "name", LayerLimits.Default));
        Assert.Contains("escapes the layer root", error.Message);
    }

    [Fact]
    public async Task BinaryXattrValuesSurviveWriteAndRead()
    {
        byte[] capability = [0x01, 0x00, 0x00, 0x02, 0x80, 0xff, 0xc3, 0x28, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var tar = new MemoryStream();
        var writer = new LayerTarWriter(tar);
        await writer.WriteAsync(new TarEntry
        {
            Kind = TarEntryKind.RegularFile,
            Name = "usr/bin/" + new string('p', 200),
            Mode = 0b100_111_101_101,
            Uid = 4_000_000, // past ustar's 7 octal digits: PAX carries it
            Gid = 7,
            Size = 3,
            ModTime = new TarTime(1_700_000_000, 0),
            Xattrs = [new("security.capability", capability), new("user.text", "héllo"u8.ToArray())],
        }, new MemoryStream("abc"u8.ToArray()), CancellationToken.None);
        await writer.FinishAsync(CancellationToken.None);

        tar.Position = 0;
        var reader = new LayerTarReader(tar, LayerLimits.Default);
        var entry = await reader.NextAsync(CancellationToken.None);
        Assert.NotNull(entry);
        Assert.Equal("usr/bin/" + new string('p', 200), entry.Name);
        Assert.Equal((0b100_111_101_101u, 4_000_000u, 7u, 3L), (entry.Mode, entry.Uid, entry.Gid, entry.Size));
        Assert.Equal(capability, entry.Xattrs.Single(x => x.Key == "security.capability").Value);
        var content = new MemoryStream();
        await reader.CopyDataAsync(content, CancellationToken.None);
        Assert.Equal("abc"u8.ToArray(), content.ToArray());
        Assert.Null(await reader.NextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GnuLongNamesAndLinksAreRead()
    {
        string longName = string.Join('/', Enumerable.Repeat("dir", 60)) + "/file";
        string longLink = string.Join('/', Enumerable.Repeat("up", 60));
        byte[] nameData = Encoding.ASCII.GetBytes(longName + "\0"), linkData = Encoding.ASCII.GetBytes(longLink + "\0");
        byte[] tar =
        [
            .. TarBuilder.RawHeader("././@LongLink", 'L', nameData.Length), .. Pad(nameData),
            .. TarBuilder.RawHeader("././@LongLink", 'K', linkData.Length), .. Pad(linkData),
            .. TarBuilder.RawHeader("short", '2', 0),
            .. new byte[1024],
        ];
        var reader = new LayerTarReader(new MemoryStream(tar), LayerLimits.Default);
        var entry = await reader.NextAsync(CancellationToken.None);
        Assert.Equal((TarEntryKind.SymbolicLink, longName, longLink), (entry!.Kind, entry.Name, entry.LinkName));
    }

    [Fact]
    public async Task ContentOfHeaderOnlyTypesIsIgnored()
    {
        // A directory header claiming a size has no data after it, as Go's reader treats it.
        byte[] tar = [.. TarBuilder.RawHeader("d/", '5', 4096), .. TarBuilder.RawHeader("f", '0', 0), .. new byte[1024]];
        var reader = new LayerTarReader(new MemoryStream(tar), LayerLimits.Default);
        Assert.Equal("d/", (await reader.NextAsync(CancellationToken.None))!.Name);
        Assert.Equal("f", (await reader.NextAsync(CancellationToken.None))!.Name);
    }

    [Theory]
    [InlineData("1700000000", 1_700_000_000L, 0)]
    [InlineData("1700000000.5", 1_700_000_000L, 500_000_000)]
    [InlineData("1.0000000019", 1L, 1)]
    [InlineData("-1.25", -2L, 750_000_000)]
    public void PaxTimesKeepNanoseconds(string text, long seconds, int nanoseconds) =>
        Assert.Equal(new TarTime(seconds, nanoseconds), PaxRecords.ParseTime(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void NumbersAreOctalOrBase256()
    {
        Assert.Equal(0b111_101_101, TarNumber.Parse("0000755\0"u8));
        Assert.Equal(493, TarNumber.Parse("  755 \0"u8));
        Assert.Equal(1L << 40, TarNumber.Parse([0x80, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0]));
        Assert.Equal(-1, TarNumber.Parse([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
        Assert.Null(TarNumber.Parse("12a\0"u8));
    }

    private static byte[] Pad(byte[] data) => [.. data, .. new byte[(512 - data.Length % 512) % 512]];
}
