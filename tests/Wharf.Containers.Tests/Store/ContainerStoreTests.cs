using System.Text;
using System.Text.Json;

namespace Wharf.Containers.Tests.Store;

public sealed class ContainerStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wharf-containers-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static Container Sample(string prefix, int second = 0) => Records.Make(prefix, "c" + prefix, second, ContainerStatus.Exited, exitCode: 3) with
    {
        Args = ["-c", "echo hi"],
        Config = new ContainerConfig
        {
            Image = "busybox",
            Entrypoint = [], // [] and null mean different things: the round trip keeps them apart
            Cmd = ["sh"],
            Env = ["A=1"],
            Labels = new Dictionary<string, string> { ["k"] = "v" },
            ExposedPorts = new Dictionary<string, Core.Oci.EmptyObject> { ["80/tcp"] = Core.Oci.EmptyObject.Instance },
        },
        HostSettings = new HostSettings
        {
            Memory = 64 << 20,
            RestartPolicy = new RestartPolicy { Name = "on-failure", MaximumRetryCount = 3 },
            CapAdd = ["NET_ADMIN"],
            PortBindings = new Dictionary<string, IReadOnlyList<PortBinding>> { ["80/tcp"] = [new PortBinding { HostIp = "127.0.0.1", HostPort = "8080" }] },
            Ulimits = [new Ulimit { Name = "nofile", Soft = 1024, Hard = 2048 }],
            ConsoleSize = [24, 80],
            PidsLimit = 0,
        },
        LogPath = "/var/lib/wharf/containers/x/x-json.log",
    };

    [Fact]
    public async Task Saved_records_load_back_equal_oldest_first()
    {
        var store = new ContainerStore(_root);
        var first = Sample("a1", 5);
        var second = Sample("b2", 1) with { Config = Sample("b2").Config with { Entrypoint = null } };
        await store.SaveAsync(first);
        await store.SaveAsync(second);

        var load = await new ContainerStore(_root).LoadAllAsync();
        Assert.Empty(load.Problems);
        Assert.Equal([second.Id, first.Id], load.Containers.Select(c => c.Id));
        var loaded = load.Containers[1];
        Assert.NotNull(loaded.Config.Entrypoint);
        Assert.Empty(loaded.Config.Entrypoint);
        Assert.Null(load.Containers[0].Config.Entrypoint);
        Assert.Equal(first.State, loaded.State);
        Assert.Equal(first.HostSettings.RestartPolicy, loaded.HostSettings.RestartPolicy);
        Assert.Equal(["-c", "echo hi"], loaded.Args);
        Assert.Equal("v", loaded.Config.Labels!["k"]);
        Assert.Equal(["80/tcp"], loaded.Config.ExposedPorts!.Keys);
        Assert.Equal(new PortBinding { HostIp = "127.0.0.1", HostPort = "8080" }, loaded.HostSettings.PortBindings!["80/tcp"].Single());
        Assert.Equal(first.HostSettings.Ulimits![0], loaded.HostSettings.Ulimits!.Single());
        Assert.Equal([24u, 80u], loaded.HostSettings.ConsoleSize);
        Assert.Equal(0, loaded.HostSettings.PidsLimit); // 0 (unlimited) and null (unset) stay apart
        Assert.Equal(first.State.FinishedAt, loaded.State.FinishedAt);
    }

    [Fact]
    public async Task The_record_uses_dockers_names_and_keeps_unknown_fields()
    {
        var store = new ContainerStore(_root);
        var container = Sample("c3");
        await store.SaveAsync(container);
        string path = Path.Combine(store.DirectoryOf(container.Id), "config.json");
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(path)))
        {
            Assert.Equal("exited", doc.RootElement.GetProperty("State").GetProperty("Status").GetString());
            Assert.Equal("busybox", doc.RootElement.GetProperty("Config").GetProperty("Image").GetString());
        }
        // A later version added a field: a load and save by this one keeps it.
        string json = File.ReadAllText(path);
        File.WriteAllText(path, json[..^1] + ",\"FutureField\":{\"x\":1}}");
        var loaded = (await store.LoadAllAsync()).Containers.Single();
        await store.SaveAsync(loaded with { RestartCount = 2 });
        Assert.Contains("\"FutureField\":{\"x\":1}", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_torn_temp_file_is_ignored_and_cleaned_and_the_old_record_stays()
    {
        var store = new ContainerStore(_root);
        var container = Sample("d4");
        await store.SaveAsync(container);
        string dir = store.DirectoryOf(container.Id);
        // What a crash in the middle of the next save leaves: a half-written temp file.
        string temp = Path.Combine(dir, ".config.json.1234.abcdef.tmp");
        File.WriteAllText(temp, "{\"Id\":\"" + container.Id + "\",\"Na");

        var load = await store.LoadAllAsync();
        Assert.Empty(load.Problems);
        Assert.Equal(container.State, load.Containers.Single().State);
        Assert.False(File.Exists(temp));
    }

    [Fact]
    public async Task A_corrupt_record_is_reported_skipped_and_left_in_place()
    {
        var store = new ContainerStore(_root);
        var good = Sample("e5");
        var bad = Sample("f6");
        await store.SaveAsync(good);
        await store.SaveAsync(bad);
        string badPath = Path.Combine(store.DirectoryOf(bad.Id), "config.json");
        File.WriteAllText(badPath, "{\"Id\": \"" + bad.Id + "\", \"State\": ");
        string other = Records.Id("99");
        Directory.CreateDirectory(Path.Combine(_root, other)); // a directory whose record was never written
        Directory.CreateDirectory(Path.Combine(_root, "not-an-id"));

        var load = await store.LoadAllAsync();
        Assert.Equal([good.Id], load.Containers.Select(c => c.Id));
        Assert.Equal(3, load.Problems.Count);
        Assert.Contains(load.Problems, p => p.Id == bad.Id && p.Path == badPath);
        Assert.Contains(load.Problems, p => p.Id == other && p.Reason == "it has no record");
        Assert.Contains(load.Problems, p => p.Id == "not-an-id");
        Assert.True(File.Exists(badPath)); // never deleted: an operator may want it back
        Assert.Contains("was skipped", load.Problems[0].ToString());
    }

    [Fact]
    public async Task A_record_under_another_id_or_oversized_is_a_problem()
    {
        var store = new ContainerStore(_root);
        var container = Sample("a7");
        await store.SaveAsync(container);
        string impostor = Path.Combine(_root, Records.Id("b8"));
        Directory.CreateDirectory(impostor);
        File.Copy(Path.Combine(store.DirectoryOf(container.Id), "config.json"), Path.Combine(impostor, "config.json"));
        string huge = Path.Combine(_root, Records.Id("c9"));
        Directory.CreateDirectory(huge);
        File.WriteAllBytes(Path.Combine(huge, "config.json"), new byte[ContainerStore.MaxRecordBytes + 1]);

        var load = await store.LoadAllAsync();
        Assert.Single(load.Containers);
        Assert.Contains(load.Problems, p => p.Id == Records.Id("b8") && p.Reason.Contains("holds the record of container"));
        Assert.Contains(load.Problems, p => p.Id == Records.Id("c9") && p.Reason.Contains("over the limit"));
    }

    [Fact]
    public async Task Delete_removes_the_directory_with_its_files()
    {
        var store = new ContainerStore(_root);
        var container = Sample("aa");
        await store.SaveAsync(container);
        string dir = store.DirectoryOf(container.Id);
        File.WriteAllText(Path.Combine(dir, "hostname"), "x\n");
        Assert.True(await store.DeleteAsync(container.Id));
        Assert.False(Directory.Exists(dir));
        Assert.False(await store.DeleteAsync(container.Id));
        Assert.Empty((await store.LoadAllAsync()).Containers);
    }

    [Fact]
    public async Task Ids_that_are_not_container_ids_never_become_paths()
    {
        var store = new ContainerStore(_root);
        await Assert.ThrowsAsync<Core.WharfException>(() => store.SaveAsync(Sample("ab") with { Id = "../../etc" }));
        await Assert.ThrowsAsync<Core.WharfException>(() => store.DeleteAsync(".."));
        Assert.False(Directory.Exists(Path.Combine(_root, "..", "etc", "config.json")));
    }

    [Fact]
    public async Task An_oversized_record_is_refused_before_anything_is_written()
    {
        var store = new ContainerStore(_root);
        var big = Sample("bc") with { Config = new ContainerConfig { Env = [new string('x', ContainerStore.MaxRecordBytes)] } };
        var e = await Assert.ThrowsAsync<Core.WharfException>(() => store.SaveAsync(big));
        Assert.Contains("over the limit", e.Message);
        Assert.False(File.Exists(Path.Combine(store.DirectoryOf(big.Id), "config.json")));
        _ = Encoding.UTF8;
    }
}
