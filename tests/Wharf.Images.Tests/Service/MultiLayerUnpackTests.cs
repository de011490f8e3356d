using System.Formats.Tar;
using System.Text;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Linux.Mounts;
using Wharf.Snapshots.Layers;

namespace Wharf.Images.Tests.Service;

[Trait("Category", "Kernel")]
public sealed class MultiLayerUnpackTests
{
    [ImageKernelFact]
    public async Task Layers_stack_by_chain_id_and_whiteouts_hide_lower_files()
    {
        using var world = new ImageWorld();
        byte[] bottom = ImageWorld.RootfsTar("base");
        byte[] top = Tar(("README", null), ("etc/motd", "welcome\n")); // deletes README, adds motd
        var layers = new List<Descriptor>();
        foreach (byte[] layer in new[] { bottom, top })
            layers.Add((await world.Content.WriteBlobAsync(layer)).Describe(MediaTypes.OciLayer));
        var config = new ImageConfig
        {
            OS = "linux", Architecture = Platform.Host.Architecture,
            RootFs = new ImageRootFs { DiffIds = [Digest.Compute(bottom), Digest.Compute(top)] },
        };
        var configInfo = await world.Content.WriteBlobAsync(ImageDocuments.Serialize(config));
        var manifest = new ImageManifest { Config = configInfo.Describe(MediaTypes.OciConfig), Layers = layers };
        var target = (await world.Content.WriteBlobAsync(ImageDocuments.Serialize(manifest))).Describe(MediaTypes.OciManifest);
        await world.Records.PutAsync(new ImageRecord { Name = "docker.io/library/stack:latest", Target = target });

        var chain = await world.Service.UnpackAsync("stack");
        Assert.Equal(ChainId.Compute(config.RootFs.DiffIds), chain);
        Assert.Equal(2, (await world.Snapshots.ListAsync()).Count);

        string key = $"view-{Guid.NewGuid():N}";
        var mounts = await world.Snapshots.ViewAsync(key, chain.ToString());
        string merged = Path.Join(world.Root, "merged");
        Directory.CreateDirectory(merged);
        try
        {
            MountSet.MountAll(mounts, merged);
            try
            {
                Assert.Equal("wharf-base\n", File.ReadAllText(Path.Join(merged, "etc/hostname")));
                Assert.Equal("welcome\n", File.ReadAllText(Path.Join(merged, "etc/motd")));
                Assert.False(File.Exists(Path.Join(merged, "README")));
            }
            finally
            {
                MountSet.Unmount(merged);
            }
        }
        finally
        {
            await world.Snapshots.RemoveAsync(key);
        }
    }

    /// <summary>A layer tar: (name, text) files, or (name, null) for a whiteout of name.</summary>
    private static byte[] Tar(params (string Name, string? Text)[] entries)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (name, text) in entries)
            {
                string dir = Path.GetDirectoryName(name) ?? "";
                string entryName = text is null ? Path.Join(dir, ".wh." + Path.GetFileName(name)) : name;
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entryName)
                    { Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text ?? "")) });
            }
        return tar.ToArray();
    }
}
