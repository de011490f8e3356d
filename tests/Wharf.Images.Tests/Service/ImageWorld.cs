using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Wharf.Linux.Mounts;

namespace Wharf.Images.Tests.Service;

/// <summary>A fresh data root with a content store, image records, a snapshotter and the service; deleted on dispose.</summary>
internal sealed class ImageWorld() : ImageStores(NewRoot())
{
    private static string NewRoot()
    {
        string root = Path.Join(Path.GetTempPath(), $"wharf-images-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        return root;
    }

    public async Task<int> BlobCountAsync()
    {
        int count = 0;
        await foreach (var _ in Content.ListAsync()) count++;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        try { MountSet.UnmountUnder(Root); } catch (Exception) { /* nothing was mounted */ }
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>A small root filesystem: files, a directory, a symlink. <paramref name="marker"/> varies the content.</summary>
    public static byte[] RootfsTar(string marker = "one", string compression = "none")
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var mtime = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "etc/") { Mode = (UnixFileMode)0b111_101_101, ModificationTime = mtime });
            writer.WriteEntry(FileEntry("etc/hostname", $"wharf-{marker}\n", mtime));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = (UnixFileMode)0b111_101_101, ModificationTime = mtime });
            var tool = FileEntry("bin/tool", "#!/bin/sh\necho hello\n", mtime);
            tool.Mode = (UnixFileMode)0b111_101_101;
            writer.WriteEntry(tool);
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sh") { LinkName = "tool", ModificationTime = mtime });
            writer.WriteEntry(FileEntry("README", "a test rootfs\n", mtime));
        }
        byte[] plain = tar.ToArray();
        if (compression == "none") return plain;
        var compressed = new MemoryStream();
        using (Stream codec = compression == "gzip"
                   ? new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)
                   : new ZstdSharp.CompressionStream(compressed, 3, leaveOpen: true))
            codec.Write(plain);
        return compressed.ToArray();
    }

    private static PaxTarEntry FileEntry(string name, string text, DateTimeOffset mtime) =>
        new(TarEntryType.RegularFile, name)
        {
            Mode = (UnixFileMode)0b110_100_100,
            ModificationTime = mtime,
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
        };
}
