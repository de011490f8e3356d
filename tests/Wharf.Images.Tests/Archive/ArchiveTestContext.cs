using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Images.Archive;

namespace Wharf.Images.Tests.Archive;

/// <summary>A temp directory with a content store and an image store, and builders for test images and tars.</summary>
internal sealed class ArchiveTestContext : IDisposable
{
    public ArchiveTestContext()
    {
        Root = Path.Combine(Path.GetTempPath(), "wharf-archive-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Content = LocalContentStore.Open(Path.Combine(Root, "content"));
    }

    public string Root { get; }
    public LocalContentStore Content { get; }
    public InMemoryImageStore Images { get; } = new();

    public ImageArchiveReader Reader => new(Content, Images);
    public ImageArchiveWriter Writer => new(Content);

    /// <summary>A fresh content and image store in the same temp root.</summary>
    public (LocalContentStore Content, InMemoryImageStore Images) FreshStores() =>
        (LocalContentStore.Open(Path.Combine(Root, "content-" + Guid.NewGuid().ToString("N"))), new InMemoryImageStore());

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A layer tar holding the given files (name → text).</summary>
    public static byte[] LayerTar(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (name, text) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    Mode = (UnixFileMode)0b110_100_100,
                });
        return buffer.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }

    public static byte[] Zstd(byte[] data)
    {
        using var compressor = new ZstdSharp.Compressor(3);
        return compressor.Wrap(data).ToArray();
    }

    /// <summary>An image in the content store: layers (each plain or gzip), config with their diffIDs, OCI manifest.</summary>
    public async Task<TestImage> AddImageAsync(string createdBy, params (byte[] Tar, bool Gzip)[] layers)
    {
        var descriptors = new List<Descriptor>();
        var diffIds = new List<Digest>();
        foreach (var (tar, gzip) in layers)
        {
            diffIds.Add(Digest.Compute(tar));
            byte[] blob = gzip ? Gzip(tar) : tar;
            var info = await Content.WriteBlobAsync(blob);
            descriptors.Add(info.Describe(gzip ? MediaTypes.OciLayerGzip : MediaTypes.OciLayer));
        }
        var config = new ImageConfig
        {
            Architecture = Platform.Host.Architecture,
            OS = "linux",
            Created = DateTimeOffset.UnixEpoch,
            Config = new ImageExecutionConfig { Cmd = ["sh"] },
            RootFs = new ImageRootFs { DiffIds = diffIds },
            History = [new ImageHistory { CreatedBy = createdBy }],
        };
        byte[] configJson = ImageDocuments.Serialize(config);
        var configInfo = await Content.WriteBlobAsync(configJson);
        var manifest = new ImageManifest { Config = configInfo.Describe(MediaTypes.OciConfig), Layers = descriptors };
        byte[] manifestJson = ImageDocuments.Serialize(manifest);
        var manifestInfo = await Content.WriteBlobAsync(manifestJson);
        return new TestImage(manifestInfo.Describe(MediaTypes.OciManifest), manifest, configJson, diffIds);
    }

    /// <summary>The entries of a tar (name, type, data), read back for checks.</summary>
    public static List<(string Name, TarEntryType Type, byte[] Data, TarEntry Entry)> ReadTar(byte[] tar)
    {
        var entries = new List<(string, TarEntryType, byte[], TarEntry)>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add((entry.Name, entry.EntryType, data.ToArray(), entry));
        }
        return entries;
    }

    /// <summary>A tar built by hand, entry by entry, the way a hostile or foreign tool might.</summary>
    public static byte[] BuildTar(params TarItem[] items)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var item in items)
            {
                var entry = new PaxTarEntry(item.Type, item.Name) { ModificationTime = DateTimeOffset.UnixEpoch };
                if (item.LinkName is not null) entry.LinkName = item.LinkName;
                if (item.Data is not null) entry.DataStream = new MemoryStream(item.Data);
                tar.WriteEntry(entry);
            }
        return buffer.ToArray();
    }
}

internal sealed record TarItem(string Name, byte[]? Data = null, TarEntryType Type = TarEntryType.RegularFile, string? LinkName = null)
{
    public static TarItem File(string name, byte[] data) => new(name, data);
    public static TarItem Text(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));
    public static TarItem Dir(string name) => new(name, Type: TarEntryType.Directory);
    public static TarItem Symlink(string name, string target) => new(name, Type: TarEntryType.SymbolicLink, LinkName: target);
}

internal sealed record TestImage(Descriptor Manifest, ImageManifest Document, byte[] ConfigJson, List<Digest> DiffIds)
{
    public Digest Id => Document.Config.Digest;
}
