using System.Text.Json.Nodes;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Images.Archive;
using Wharf.Images.Service;
using Wharf.Images.Tests.Service;
using Wharf.Linux.Mounts;

namespace Wharf.Images.Tests.Interop;

/// <summary>
/// Wharf's half of an interop test: a fresh <see cref="ImageWorld"/> (content store, image records,
/// overlay snapshotter, image service) plus save, load, and running an image's filesystem under
/// wharf-runtime. Dispose unmounts and deletes everything.
/// </summary>
internal sealed class WharfSide : IDisposable
{
    public ImageWorld World { get; } = new();

    public ImageService Service => World.Service;

    /// <summary>`wharf import TAR NAME`.</summary>
    public async Task<Digest> ImportAsync(string rootfsTar, string name)
    {
        await using var input = File.OpenRead(rootfsTar);
        return await Service.ImportAsync(input, new ImportOptions { Reference = name });
    }

    /// <summary>`wharf save -o PATH NAME`.</summary>
    public async Task SaveAsync(string name, string path)
    {
        var image = await Service.ResolveAsync(name);
        await using var output = File.Create(path);
        await new ImageArchiveWriter(World.Content).WriteAsync([(ImageReference.Parse(name), image.Target)], output);
    }

    /// <summary>`wharf load -i PATH` (stored, unpacked, named).</summary>
    public async Task<IReadOnlyList<LoadedImage>> LoadAsync(string path)
    {
        await using var input = File.OpenRead(path);
        return await Service.LoadAsync(input);
    }

    /// <summary>
    /// Unpacks the image, prepares a writable snapshot on its top layer, mounts it, and hands the
    /// mounted root to <paramref name="use"/>; then unmounts and removes the snapshot.
    /// </summary>
    public async Task<T> WithRootfsAsync<T>(string image, Func<string, Task<T>> use)
    {
        var top = await Service.UnpackAsync(image);
        string key = "interop-" + Guid.NewGuid().ToString("N")[..12];
        var mounts = await World.Snapshots.PrepareAsync(key, top.ToString());
        string rootfs = Path.Join(World.Root, key + "-rootfs");
        Directory.CreateDirectory(rootfs);
        try
        {
            MountSet.MountAll(mounts, rootfs);
            try
            {
                return await use(rootfs);
            }
            finally
            {
                MountSet.Unmount(rootfs);
            }
        }
        finally
        {
            await World.Snapshots.RemoveAsync(key);
            Directory.Delete(rootfs);
        }
    }

    /// <summary>
    /// `wharf-runtime run` of <paramref name="args"/> in a bundle whose root is <paramref name="rootfs"/>:
    /// the default spec (`wharf-runtime spec`) with no terminal. Returns the run's result.
    /// </summary>
    public async Task<CommandResult> RunAsync(string rootfs, params string[] args)
    {
        string runtime = InteropTools.WharfRuntime!;
        string id = "wharf-interop-" + Guid.NewGuid().ToString("N")[..12];
        string bundle = Path.Join(World.Root, id + "-bundle");
        string state = Path.Join(World.Root, "runtime-state");
        Directory.CreateDirectory(bundle);
        Directory.CreateDirectory(state);

        await InteropTools.CheckAsync(runtime, ["spec", "--bundle", bundle]);
        string configPath = Path.Join(bundle, "config.json");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(configPath))!.AsObject();
        config["root"] = new JsonObject { ["path"] = rootfs, ["readonly"] = false };
        var process = config["process"]!.AsObject();
        process["terminal"] = false;
        process["args"] = new JsonArray(args.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        await File.WriteAllTextAsync(configPath, config.ToJsonString());

        try
        {
            return await InteropTools.RunAsync(runtime, ["--root", state, "run", "--bundle", bundle, id], timeout: TimeSpan.FromSeconds(30));
        }
        finally
        {
            // `run` deletes the container when it exits; this only matters when it did not.
            await InteropTools.RunAsync(runtime, ["--root", state, "delete", "--force", id]);
        }
    }

    public void Dispose() => World.Dispose();
}
