using System.Formats.Tar;
using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>OCI whiteouts become overlayfs's on apply, and come back as OCI whiteouts on diff.</summary>
[Trait("Category", "Kernel")]
public sealed class WhiteoutTests : IDisposable
{
    private readonly LayerSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private byte[] Layer() => new TarBuilder()
        .Directory("etc")
        .File("etc/.wh.motd", uid: 1000, gid: 2000)
        .Directory("var/cache", mode: (UnixFileMode)0b111_101_000)
        .File("var/cache/.wh..wh..opq")
        .File("var/cache/new", "fresh")
        .File(".wh.oldroot")
        .Build();

    [LayerKernelFact]
    public async Task WhiteoutFileBecomesAZeroZeroCharacterDevice()
    {
        await LayerApplier.ApplyAsync(new MemoryStream(Layer()), _sandbox.Target, CancellationToken.None);

        foreach (var (path, uid, gid) in new[] { ("etc/motd", 1000u, 2000u), ("oldroot", 0u, 0u) })
        {
            var st = Libc.LStatAt(Libc.AT_FDCWD, Path.Join(_sandbox.Target, path));
            Assert.Equal(Libc.S_IFCHR, st.FileType);
            Assert.Equal((0u, 0u), (st.RdevMajor, st.RdevMinor));
            Assert.Equal((uid, gid), (st.Uid, st.Gid));
        }
        Assert.False(File.Exists(Path.Join(_sandbox.Target, "etc/.wh.motd")));
        Assert.False(File.Exists(Path.Join(_sandbox.Target, ".wh.oldroot")));
    }

    [LayerKernelFact]
    public async Task OpaqueMarkerBecomesTheOverlayXattr()
    {
        await LayerApplier.ApplyAsync(new MemoryStream(Layer()), _sandbox.Target, CancellationToken.None);

        string cache = Path.Join(_sandbox.Target, "var/cache");
        Assert.Equal("y"u8.ToArray(), Libc.LGetXattr(cache, "trusted.overlay.opaque"));
        Assert.Null(Libc.LGetXattr(Path.Join(_sandbox.Target, "var"), "trusted.overlay.opaque"));
        Assert.Equal(["new"], Directory.EnumerateFileSystemEntries(cache).Select(Path.GetFileName));
        Assert.Equal(0b111_101_000, Libc.LStatAt(Libc.AT_FDCWD, cache).Mode & 0xfff);
    }

    [LayerKernelFact]
    public async Task DiffTurnsOverlayWhiteoutsBackIntoOciOnes()
    {
        await LayerApplier.ApplyAsync(new MemoryStream(Layer()), _sandbox.Target, CancellationToken.None);
        var blob = new MemoryStream();
        await LayerDiffer.WriteAsync(_sandbox.Target, blob, CancellationToken.None);
        blob.Position = 0;

        var names = new List<string>();
        var entries = new Dictionary<string, TarEntry>();
        using (var reader = new TarReader(blob))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                names.Add(entry.Name);
                entries[entry.Name] = entry;
            }
        }

        // Sorted by the names on disk ("oldroot" between "etc" and "var"), each directory before its contents.
        Assert.Equal(["etc/", "etc/.wh.motd", ".wh.oldroot", "var/", "var/cache/", "var/cache/.wh..wh..opq", "var/cache/new"], names);
        Assert.Equal(TarEntryType.RegularFile, entries["etc/.wh.motd"].EntryType);
        Assert.Equal((1000, 2000), (entries["etc/.wh.motd"].Uid, entries["etc/.wh.motd"].Gid));
        Assert.Equal(TarEntryType.RegularFile, entries["var/cache/.wh..wh..opq"].EntryType);
        // The overlay xattr itself never leaks into the layer.
        var attributes = entries["var/cache/"] is PaxTarEntry pax ? pax.ExtendedAttributes.Keys : [];
        Assert.DoesNotContain(attributes, k => k.Contains("trusted.overlay", StringComparison.Ordinal));
    }

    [LayerKernelFact]
    public async Task WhiteoutReplacesWhatAnEarlierEntryMadeInTheSameLayer()
    {
        byte[] tar = new TarBuilder().Directory("d").File("d/f", "x").File(".wh.d").Build();
        await LayerApplier.ApplyAsync(new MemoryStream(tar), _sandbox.Target, CancellationToken.None);
        Assert.Equal(Libc.S_IFCHR, Libc.LStatAt(Libc.AT_FDCWD, Path.Join(_sandbox.Target, "d")).FileType);
        _sandbox.AssertOutsideUntouched();
    }
}
