using System.Formats.Tar;
using Wharf.Linux.Interop;
using Wharf.Snapshots.Layers;
using Wharf.Snapshots.Layers.Diff;

namespace Wharf.Snapshots.Tests.Layers;

/// <summary>Which xattrs travel: a diff writes what Docker's archive writer writes; the applier takes whatever a tar carries.</summary>
[Trait("Category", "Kernel")]
public sealed class DifferXattrTests : IDisposable
{
    // cap_net_bind_service=ep as vfs_cap_data revision 2.
    private static readonly byte[] Revision2 = [0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly LayerSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [LayerKernelFact]
    public async Task A_diff_carries_security_capability_only_as_docker_does()
    {
        string upper = _sandbox.NewDirectory("upper");
        new FileTree(upper)
            .File("ping", "elf"u8.ToArray(), mode: 0b111_101_101)
            .Xattr("ping", "security.capability", Revision2)
            .Xattr("ping", "user.note", "hello"u8.ToArray())
            .Xattr("ping", "trusted.wharf", [0xff])
            .Directory("dir")
            .Xattr("dir", "user.kept", "1"u8.ToArray())
            .Symlink("link", "ping")
            .Xattr("link", "trusted.link", "1"u8.ToArray())
            .Finish();

        var tar = new MemoryStream();
        await LayerDiffer.WriteAsync(upper, tar, CancellationToken.None);
        tar.Position = 0;

        var xattrs = new Dictionary<string, string[]>();
        using (var reader = new TarReader(tar, leaveOpen: true))
            while (reader.GetNextEntry() is { } entry)
                xattrs[entry.Name] = entry is PaxTarEntry pax
                    ? pax.ExtendedAttributes.Keys.Where(k => k.StartsWith("SCHILY.xattr.", StringComparison.Ordinal)).Order().ToArray()
                    : [];
        Assert.Equal(["SCHILY.xattr.security.capability"], xattrs["ping"]);
        Assert.Empty(xattrs["dir/"]);
        Assert.Empty(xattrs["link"]);

        string applied = _sandbox.NewDirectory("applied");
        tar.Position = 0;
        await LayerApplier.ApplyAsync(tar, applied, CancellationToken.None);
        Assert.Equal(Revision2, Libc.LGetXattr(Path.Join(applied, "ping"), "security.capability"));
        Assert.Null(Libc.LGetXattr(Path.Join(applied, "ping"), "user.note"));
    }

    [LayerKernelFact]
    public async Task The_applier_takes_every_xattr_a_tar_carries_but_overlays_own()
    {
        byte[] layer = new TarBuilder()
            .File("f", "x", pax: [
                new("SCHILY.xattr.user.note", "hello"),
                new("SCHILY.xattr.trusted.wharf", "t"),
                new("SCHILY.xattr.trusted.overlay.redirect", "/etc"),
                new("SCHILY.xattr.trusted.overlay.opaque", "y")])
            .Build();

        await LayerApplier.ApplyAsync(new MemoryStream(layer), _sandbox.Target, CancellationToken.None);

        string file = Path.Join(_sandbox.Target, "f");
        Assert.Equal("hello"u8.ToArray(), Libc.LGetXattr(file, "user.note"));
        Assert.Equal("t"u8.ToArray(), Libc.LGetXattr(file, "trusted.wharf"));
        Assert.DoesNotContain(Libc.LListXattr(file), name => name.StartsWith("trusted.overlay.", StringComparison.Ordinal));
        _sandbox.AssertOutsideUntouched();
    }

    [Fact]
    public void A_revision_3_capability_is_written_as_revision_2()
    {
        // Revision 3 adds the namespace's root uid (here 100000) after the revision 2 fields.
        byte[] revision3 = [0x01, 0x00, 0x00, 0x03, .. Revision2[4..], 0xa0, 0x86, 0x01, 0x00];

        Assert.Equal(Revision2[..4].Concat(Revision2[4..]).ToArray(), XattrSet.AsRevision2(revision3));
        Assert.Equal(Revision2, XattrSet.AsRevision2(Revision2));
    }
}
