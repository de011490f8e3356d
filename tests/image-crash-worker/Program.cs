// One image operation on a data root, for the crash tests (killed at random points) and the
// save/load bench (timed). Prints "done" when the operation finished.
//   image-crash-worker <root> load <archive.tar>      (docker load: store, unpack, name)
//   image-crash-worker <root> store <archive.tar>     (store and name only, no unpack)
//   image-crash-worker <root> save <name> <out.tar>
//   image-crash-worker <root> commit <baseImage> <upperDir> <name>
//   image-crash-worker <root> import <rootfs.tar> <name>
//   image-crash-worker <root> unpack <name>
//   image-crash-worker <root> make-archive <out.tar> <name> <layer.tar>...   (prints "id <configDigest>")
using System.Diagnostics;
using Wharf.Content;
using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Core.Oci;
using Wharf.Images;
using Wharf.Images.Archive;
using Wharf.Images.Service;
using Wharf.Images.Tests;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: image-crash-worker <root> load|store|save|commit|import|unpack|make-archive ...");
    return 2;
}

string root = args[0];
string verb = args[1];
string[] rest = args[2..];
Directory.CreateDirectory(root);
var watch = Stopwatch.StartNew();
using var stores = new ImageStores(root, name => Console.Error.WriteLine($"corrupt record {name}"));
var (content, records, service) = (stores.Content, stores.Records, stores.Service);
// What a daemon does at start: take back what an interrupted unpack left.
await service.RecoverAsync();
Console.WriteLine("ready");

try
{
    switch (verb)
    {
        case "load" or "store" when rest.Length == 1:
        {
            await using var input = new FileStream(rest[0], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            var loadedImages = verb == "load"
                ? await service.LoadAsync(input)
                : await new ImageArchiveReader(content, records).LoadAsync(input);
            foreach (var loaded in loadedImages)
                Console.WriteLine($"loaded {loaded.Name?.ToString() ?? "<none>"} {loaded.Id}");
            break;
        }
        case "save" when rest.Length == 2:
        {
            var image = await service.ResolveAsync(rest[0]);
            await using var output = new FileStream(rest[1], FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            await new ImageArchiveWriter(content).WriteAsync([(ImageReference.Parse(rest[0]), image.Target)], output);
            break;
        }
        case "commit" when rest.Length == 3:
            Console.WriteLine($"id {await service.CommitAsync(rest[0], rest[1], new CommitOptions { Reference = rest[2] })}");
            break;
        case "import" when rest.Length == 2:
        {
            await using var input = File.OpenRead(rest[0]);
            Console.WriteLine($"id {await service.ImportAsync(input, new ImportOptions { Reference = rest[1] })}");
            break;
        }
        case "unpack" when rest.Length == 1:
            Console.WriteLine($"chain {await service.UnpackAsync(rest[0])}");
            break;
        case "make-archive" when rest.Length >= 3:
            Console.WriteLine($"id {await MakeArchiveAsync(rest[0], rest[1], rest[2..])}");
            break;
        default:
            Console.Error.WriteLine($"image-crash-worker: bad arguments for {verb}");
            return 2;
    }
}
catch (WharfException e)
{
    Console.Error.WriteLine($"image-crash-worker: {e.Message}");
    return 1;
}
Console.WriteLine($"done {watch.Elapsed.TotalMilliseconds:F0} ms");
return 0;

// An image of the given uncompressed layer tars, recorded under name and saved to out.
async Task<Digest> MakeArchiveAsync(string output, string name, string[] layerTars)
{
    var layers = new List<Descriptor>();
    var diffIds = new List<Digest>();
    foreach (string tar in layerTars)
    {
        await using var writer = await content.BeginIngestAsync(null);
        await using (var stream = writer.AsStream())
        await using (var input = File.OpenRead(tar))
            await input.CopyToAsync(stream);
        var info = await writer.CommitAsync();
        layers.Add(info.Describe(MediaTypes.OciLayer));
        diffIds.Add(info.Digest);
    }
    var config = new ImageConfig
    {
        OS = "linux",
        Architecture = Platform.Host.Architecture,
        Created = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
        RootFs = new ImageRootFs { DiffIds = diffIds },
        Config = new ImageExecutionConfig { Cmd = ["/bin/sh"] },
    };
    var configInfo = await content.WriteBlobAsync(ImageDocuments.Serialize(config));
    var manifest = new ImageManifest { Config = configInfo.Describe(MediaTypes.OciConfig), Layers = layers };
    var target = (await content.WriteBlobAsync(ImageDocuments.Serialize(manifest))).Describe(MediaTypes.OciManifest);
    var reference = ImageReference.Parse(name);
    await records.PutAsync(new ImageRecord { Name = reference.ToString(), Target = target, Created = DateTimeOffset.UtcNow, Updated = DateTimeOffset.UtcNow });
    await using var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
    await new ImageArchiveWriter(content).WriteAsync([(reference, target)], file);
    return configInfo.Digest;
}
