using Wharf.Core;
using Wharf.Core.Images;
using Wharf.Images.Store;

namespace Wharf.Images.Tests.Store;

public sealed class FileImageStoreTests : IDisposable
{
    private readonly string _root = Path.Join(Path.GetTempPath(), $"wharf-records-{Guid.NewGuid():N}");
    private readonly List<string> _reports = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ImageRecord Record(string name, string content = "m") => new()
    {
        Name = name,
        Target = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = Digest.Compute(System.Text.Encoding.UTF8.GetBytes(content)), Size = 42 },
        Created = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero),
        Updated = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero),
        Labels = new Dictionary<string, string> { ["k"] = "v" },
    };

    [Fact]
    public async Task Records_round_trip_and_list_by_name()
    {
        var store = FileImageStore.Open(_root, _reports.Add);
        await store.PutAsync(Record("docker.io/library/busybox:latest"));
        await store.PutAsync(Record("docker.io/library/alpine:3"));
        await store.PutAsync(Record("docker.io/library/busybox:latest", "other")); // replaces

        var got = await store.GetAsync("docker.io/library/busybox:latest");
        Assert.NotNull(got);
        Assert.Equal(Record("x", "other").Target, got.Target);
        Assert.Equal("v", got.Labels!["k"]);
        Assert.Equal(Record("x").Created, got.Created);
        Assert.Equal(["docker.io/library/alpine:3", "docker.io/library/busybox:latest"], (await store.ListAsync()).Select(r => r.Name));

        Assert.True(await store.DeleteAsync("docker.io/library/alpine:3"));
        Assert.False(await store.DeleteAsync("docker.io/library/alpine:3"));
        Assert.Null(await store.GetAsync("docker.io/library/alpine:3"));
        Assert.Single(await FileImageStore.Open(_root).ListAsync()); // durable: a new instance sees it
        Assert.Empty(_reports);
    }

    [Fact]
    public async Task Concurrent_writers_serialise()
    {
        var store = FileImageStore.Open(_root);
        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => store.PutAsync(Record($"n{i % 8}", $"c{i}")))));
        var records = await store.ListAsync();
        Assert.Equal(8, records.Count);
        Assert.Empty(Directory.EnumerateFiles(store.Directory, ".*"));
    }

    [Fact]
    public async Task A_torn_or_garbage_file_is_reported_and_skipped()
    {
        var store = FileImageStore.Open(_root, _reports.Add);
        await store.PutAsync(Record("good"));
        await store.PutAsync(Record("torn"));
        string torn = Directory.EnumerateFiles(store.Directory).Single(f => File.ReadAllText(f).Contains("\"torn\""));
        string text = File.ReadAllText(torn);
        File.WriteAllText(torn, text[..(text.Length / 2)]);
        File.WriteAllText(Path.Join(store.Directory, new string('0', 64) + ".json"), "{\"name\":\"x\",\"target\":{\"digest\":\"sha256:nothex\",\"size\":1}}");

        var records = await store.ListAsync();
        Assert.Equal(["good"], records.Select(r => r.Name));
        Assert.Equal(2, _reports.Count);
        Assert.All(_reports, r => Assert.Contains("is corrupt and was skipped", r));
        Assert.Contains(_reports, r => r.Contains(torn));

        Assert.Null(await store.GetAsync("torn"));
        await store.PutAsync(Record("torn")); // a good write replaces the bad file
        Assert.NotNull(await store.GetAsync("torn"));
    }

    [Fact]
    public void Open_deletes_temp_files_of_crashed_writes()
    {
        var store = FileImageStore.Open(_root);
        string temp = Path.Join(store.Directory, ".abc.json.1.xyz.tmp");
        File.WriteAllText(temp, "{");
        FileImageStore.Open(_root);
        Assert.False(File.Exists(temp));
    }
}
