using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Types;

namespace Wharf.Api.Tests;

public class WireShapeTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void The_docker_run_create_body_reads_fully()
    {
        var request = ApiJson.Deserialize(Encoding.UTF8.GetBytes(Fixture("docker-run-create.json")), ApiJson.Context.ContainerCreateRequest);
        Assert.Equal("busybox", request.Image);
        Assert.Equal(["echo", "hi"], request.Cmd);
        Assert.Equal(["A=1"], request.Env);
        Assert.True(request.AttachStdout);
        Assert.Null(request.Entrypoint);
        Assert.True(request.ExposedPorts!.ContainsKey("80/tcp"));
        var host = request.HostConfig!;
        Assert.Equal(["/tmp:/data"], host.Binds);
        Assert.Equal("default", host.NetworkMode);
        Assert.Equal("no", host.RestartPolicy!.Name);
        Assert.True(host.AutoRemove);
        Assert.Equal([0, 0], host.ConsoleSize!);
        Assert.Equal(-1, host.MemorySwappiness);
        Assert.Equal(0, host.PidsLimit);
        Assert.Equal("8080", host.PortBindings!["80/tcp"]![0].HostPort);
        Assert.Equal("", host.LogConfig!.Type);
        Assert.True(request.NetworkingConfig!.EndpointsConfig!.ContainsKey("default"));
    }

    [Fact]
    public void The_docker_run_create_body_round_trips_without_losing_a_field()
    {
        string original = Fixture("docker-run-create.json");
        var request = ApiJson.Deserialize(Encoding.UTF8.GetBytes(original), ApiJson.Context.ContainerCreateRequest);
        var again = JsonNode.Parse(ApiJson.Serialize(request, ApiJson.Context.ContainerCreateRequest))!;
        var before = JsonNode.Parse(original)!;
        foreach (string path in Leaves(before, ""))
        {
            var expected = Find(before, path);
            var actual = Find(again, path);
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: sent {expected?.ToJsonString() ?? "null"}, wrote back {actual?.ToJsonString() ?? "missing"}");
        }
    }

    [Fact]
    public void Cmd_and_Entrypoint_accept_a_single_string_as_mobys_StrSlice_does()
    {
        var request = ApiJson.Deserialize("""{"Image":"x","Cmd":"echo hi","Entrypoint":["/bin/sh","-c"]}"""u8, ApiJson.Context.ContainerCreateRequest);
        Assert.Equal(["echo hi"], request.Cmd);
        Assert.Equal(["/bin/sh", "-c"], request.Entrypoint);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_names_match_case_insensitively()
    {
        var request = ApiJson.Deserialize("""{"image":"x","FutureField":{"a":[1,2]},"hostconfig":{"privileged":true}}"""u8, ApiJson.Context.ContainerCreateRequest);
        Assert.Equal("x", request.Image);
        Assert.True(request.HostConfig!.Privileged);
    }

    [Theory]
    [InlineData("", "invalid JSON: got EOF while reading request body")]
    [InlineData("  \n", "invalid JSON: got EOF while reading request body")]
    [InlineData("{\"Image\":", "invalid JSON:")]
    [InlineData("{\"Image\":5}", "invalid JSON: a value has the wrong type at $.Image")]
    [InlineData("{\"Tty\":\"yes\"}", "invalid JSON: a value has the wrong type at $.Tty")]
    [InlineData("{} {}", "unexpected content after JSON")]
    [InlineData("null", "invalid JSON: the body is null")]
    public void Bad_bodies_are_request_errors_with_a_clear_message(string body, string message)
    {
        var e = Assert.Throws<ApiRequestException>(() => ApiJson.Deserialize(Encoding.UTF8.GetBytes(body), ApiJson.Context.ContainerCreateRequest));
        Assert.StartsWith(message, e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    [Fact]
    public void Inspect_has_the_objects_the_CLI_dereferences()
    {
        var json = JsonNode.Parse(ApiJson.Serialize(new ContainerInspectResponse { Id = "abc" }, ApiJson.Context.ContainerInspectResponse))!.AsObject();
        foreach (string key in new[] { "Id", "Created", "Path", "Args", "State", "Image", "Name", "RestartCount", "Driver", "Platform",
                     "HostConfig", "GraphDriver", "Mounts", "Config", "NetworkSettings", "LogPath", "ResolvConfPath", "HostnamePath", "HostsPath" })
            Assert.True(json.ContainsKey(key), $"inspect lacks {key}");
        Assert.Equal(JsonValueKind.Object, json["Config"]!.GetValueKind());
        Assert.Equal(JsonValueKind.False, json["Config"]!["Tty"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Array, json["Mounts"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Array, json["Args"]!.GetValueKind());
        Assert.Equal("0001-01-01T00:00:00Z", (string?)json["State"]!["StartedAt"]);
        Assert.Equal(JsonValueKind.Number, json["State"]!["ExitCode"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Object, json["NetworkSettings"]!["Networks"]!.GetValueKind());
        Assert.False(json["State"]!.AsObject().ContainsKey("Health"), "Health is omitted when there is no health check");
    }

    [Fact]
    public void Lists_use_unix_times_and_arrays()
    {
        var summary = new ContainerSummary { Id = "abc", Names = ["/web"], Created = 1_700_000_000 };
        var json = JsonNode.Parse(ApiJson.Serialize(new List<ContainerSummary> { summary }, ApiJson.Context.ListContainerSummary))![0]!.AsObject();
        Assert.Equal(JsonValueKind.Number, json["Created"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Array, json["Ports"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Object, json["Labels"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Object, json["HostConfig"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Array, json["Mounts"]!.GetValueKind());

        var image = JsonNode.Parse(ApiJson.Serialize(new List<ImageSummary> { new() { Id = "sha256:x", Created = 5 } }, ApiJson.Context.ListImageSummary))![0]!.AsObject();
        Assert.Equal(5, (long)image["Created"]!);
        Assert.Equal(JsonValueKind.Array, image["RepoTags"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Array, image["RepoDigests"]!.GetValueKind());
        Assert.Equal(-1, (long)image["Containers"]!);
    }

    [Fact]
    public void Wait_sends_a_null_error_on_success()
    {
        string json = Encoding.UTF8.GetString(ApiJson.Serialize(new ContainerWaitResponse { StatusCode = 3 }, ApiJson.Context.ContainerWaitResponse));
        Assert.Equal("{\"StatusCode\":3,\"Error\":null}\n", json);
    }

    [Fact]
    public void Version_keeps_Docker_spellings()
    {
        var json = JsonNode.Parse(ApiJson.Serialize(new SystemVersion { ApiVersion = "1.50", MinAPIVersion = "1.24" }, ApiJson.Context.SystemVersion))!.AsObject();
        Assert.Equal("1.50", (string?)json["ApiVersion"]);
        Assert.Equal("1.24", (string?)json["MinAPIVersion"]);
        var info = JsonNode.Parse(ApiJson.Serialize(new SystemInfo { NCPU = 2, MemTotal = 1L << 34 }, ApiJson.Context.SystemInfo))!.AsObject();
        Assert.Equal(2, (int)info["NCPU"]!);
        Assert.Equal(1L << 34, (long)info["MemTotal"]!);
        Assert.Equal("inactive", (string?)info["Swarm"]!["LocalNodeState"]);
        Assert.True(info.ContainsKey("ID"));
        Assert.True(info.ContainsKey("OSType"));
    }

    [Fact]
    public void Stats_and_exec_inspect_use_their_odd_spellings()
    {
        var stats = JsonNode.Parse(ApiJson.Serialize(new ContainerStatsResponse(), ApiJson.Context.ContainerStatsResponse))!.AsObject();
        Assert.True(stats.ContainsKey("cpu_stats"));
        Assert.True(stats["cpu_stats"]!.AsObject().ContainsKey("cpu_usage"));
        Assert.True(stats.ContainsKey("precpu_stats"));
        var exec = JsonNode.Parse(ApiJson.Serialize(new ExecInspectResponse { ID = "e1" }, ApiJson.Context.ExecInspectResponse))!.AsObject();
        Assert.Equal("e1", (string?)exec["ID"]);
        Assert.True(exec["ProcessConfig"]!.AsObject().ContainsKey("entrypoint"));
        Assert.True(exec.ContainsKey("ExitCode"));
        Assert.Null(exec["ExitCode"]);
    }

    [Fact]
    public void Events_and_auth_use_their_spellings()
    {
        var e = JsonNode.Parse(ApiJson.Serialize(new EventMessage { Type = "container", Action = "die", Actor = new EventActor { ID = "c1" } },
            ApiJson.Context.EventMessage))!.AsObject();
        Assert.Equal("c1", (string?)e["Actor"]!["ID"]);
        Assert.True(e.ContainsKey("timeNano"));
        var auth = ApiJson.Deserialize("""{"username":"bob","password":"secret","serveraddress":"localhost:5000"}"""u8, ApiJson.Context.AuthConfig);
        Assert.Equal(("bob", "localhost:5000"), (auth.Username, auth.ServerAddress));
        Assert.Equal("{\"username\":\"bob\"}\n", Encoding.UTF8.GetString(ApiJson.Serialize(new AuthConfig { Username = "bob" }, ApiJson.Context.AuthConfig)));
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05.1234567Z", "2024-01-02T03:04:05.1234567Z")]
    [InlineData("2024-01-02T03:04:05.1200000Z", "2024-01-02T03:04:05.12Z")]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T05:04:05+02:00", "2024-01-02T03:04:05Z")]
    public void Times_are_formatted_as_Go_formats_RFC3339Nano(string input, string expected) =>
        Assert.Equal(expected, ApiTime.Format(DateTimeOffset.Parse(input, System.Globalization.CultureInfo.InvariantCulture)));

    private static IEnumerable<string> Leaves(JsonNode node, string path)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                string child = $"{path}/{key}";
                if (value is null) yield return child;
                else foreach (string leaf in Leaves(value, child)) yield return leaf;
            }
            if (obj.Count == 0) yield return path;
        }
        else yield return path;
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (string key in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node)) return null;
        }
        return node;
    }
}
