using System.Text;
using Wharf.Core;
using static Wharf.Images.Tests.Archive.ArchiveTestContext;

namespace Wharf.Images.Tests.Archive;

/// <summary>A docker-archive as Docker before 25 wrote it: &lt;id&gt;/layer.tar (plain tars), &lt;hex&gt;.json configs.</summary>
internal static class LegacyArchive
{
    public static readonly byte[] BaseLayer = LayerTar(("bin/sh", "shell"));
    public static readonly byte[] TopLayer = LayerTar(("etc/motd", "hello"));

    public static string Config(params Digest[] diffIds) =>
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
        + string.Join(',', diffIds.Select(d => $"\"{d}\"")) + "]}}";

    public static string ConfigName(string config) => Digest.Compute(Encoding.UTF8.GetBytes(config)).Hex + ".json";

    public static string Manifest(string configName, string[] tags, params string[] layers) =>
        $"{{\"Config\":\"{configName}\",\"RepoTags\":[{string.Join(',', tags.Select(t => $"\"{t}\""))}],\"Layers\":[{string.Join(',', layers.Select(l => $"\"{l}\""))}]}}";

    /// <summary>Two images: legacy:1 (base + top) and legacy:base (base, its layer.tar a symlink to the first's, as old Docker wrote it).</summary>
    public static TarItem[] TwoImages(out string firstConfig, out string secondConfig)
    {
        firstConfig = Config(Digest.Compute(BaseLayer), Digest.Compute(TopLayer));
        secondConfig = Config(Digest.Compute(BaseLayer));
        string a = new('a', 64), b = new('b', 64), c = new('c', 64);
        return
        [
            TarItem.Dir(a + "/"), TarItem.Text(a + "/VERSION", "1.0"), TarItem.Text(a + "/json", "{}"), TarItem.File(a + "/layer.tar", BaseLayer),
            TarItem.Dir(b + "/"), TarItem.Text(b + "/VERSION", "1.0"), TarItem.Text(b + "/json", "{}"), TarItem.File(b + "/layer.tar", TopLayer),
            TarItem.Dir(c + "/"), TarItem.Symlink(c + "/layer.tar", $"../{a}/layer.tar"),
            TarItem.Text(ConfigName(firstConfig), firstConfig),
            TarItem.Text(ConfigName(secondConfig), secondConfig),
            TarItem.Text("manifest.json", "[" + Manifest(ConfigName(firstConfig), ["legacy:1"], a + "/layer.tar", b + "/layer.tar") + ","
                + Manifest(ConfigName(secondConfig), ["legacy:base"], c + "/layer.tar") + "]"),
            TarItem.Text("repositories", $"{{\"legacy\":{{\"1\":\"{b}\",\"base\":\"{c}\"}}}}"),
        ];
    }
}
