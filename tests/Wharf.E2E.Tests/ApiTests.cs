using System.Net;
using System.Text.Json;

namespace Wharf.E2E.Tests;

/// <summary>The wire itself, byte for byte: headers, versions, errors, concurrency.</summary>
[Collection("wharfd")]
public class ApiTests(WharfdFixture fixture)
{
    private WharfdInstance Daemon => fixture.Daemon;

    [Theory]
    [InlineData("HEAD")]
    [InlineData("GET")]
    public async Task Ping_answers_with_the_headers_the_CLI_negotiates_with(string method)
    {
        var response = await Daemon.Http.RawAsync($"{method} /_ping HTTP/1.1\r\nHost: api.moby.localhost\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal("1.50", response.Headers["Api-Version"]);
        Assert.Equal("linux", response.Headers["Ostype"]);
        Assert.Equal("false", response.Headers["Docker-Experimental"]);
        Assert.Equal("1", response.Headers["Builder-Version"]);
        Assert.Equal("inactive", response.Headers["Swarm"]);
        Assert.Equal("no-cache, no-store, must-revalidate", response.Headers["Cache-Control"]);
        Assert.Equal("no-cache", response.Headers["Pragma"]);
        Assert.Matches(@"^Docker/.+ \(linux\)$", response.Headers["Server"]);
        Assert.Equal(method == "GET" ? "OK" : "", response.Body);
        Assert.Equal(method == "GET" ? "2" : "0", response.Headers["Content-Length"]);
    }

    [Fact]
    public async Task Versioned_ping_works_too() =>
        Assert.Equal(200, (await Daemon.Http.RawAsync("GET /v1.41/_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).Status);

    [Theory]
    [InlineData("/nosuch")]
    [InlineData("/v1.50/nosuch")]
    [InlineData("/v1.50/containers")]
    [InlineData("/vx/version")]
    public async Task Unknown_paths_are_page_not_found(string path)
    {
        var response = await Daemon.Http.RawAsync($"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(404, response.Status);
        Assert.Equal("application/json", response.Headers["Content-Type"]);
        Assert.Equal("{\"message\":\"page not found\"}\n", response.Body);
        Assert.Equal("1.50", response.Headers["Api-Version"]);
    }

    [Theory]
    [InlineData("/v1.99/version", "client version 1.99 is too new. Maximum supported API version is 1.50")]
    [InlineData("/v1.10/version", "client version 1.10 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version")]
    [InlineData("/v2/info", "client version 2 is too new. Maximum supported API version is 1.50")]
    public async Task Unsupported_versions_get_mobys_messages(string path, string message)
    {
        var response = await Daemon.Http.RawAsync($"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(400, response.Status);
        Assert.Equal("application/json", response.Headers["Content-Type"]);
        Assert.Equal(message, JsonDocument.Parse(response.Body).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Every_supported_version_and_bare_paths_are_served()
    {
        foreach (string prefix in new[] { "", "/v1.24", "/v1.41", "/v1.44", "/v1.50" })
        {
            var response = await Daemon.Http.RawAsync($"GET {prefix}/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Assert.True(response.Status == 200, $"{prefix}/version: {response.StatusLine} {response.Body}");
            Assert.Equal("1.50", JsonDocument.Parse(response.Body).RootElement.GetProperty("ApiVersion").GetString());
        }
    }

    [Fact]
    public async Task A_malformed_JSON_body_is_400_with_a_clear_message()
    {
        const string body = "{\"username\": ";
        var response = await Daemon.Http.RawAsync("POST /v1.50/auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                                                  $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        Assert.Equal(400, response.Status);
        Assert.Equal("application/json", response.Headers["Content-Type"]);
        Assert.StartsWith("invalid JSON:", JsonDocument.Parse(response.Body).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_JSON_body_of_the_wrong_type_or_content_type_is_400()
    {
        const string body = "{\"username\": 42}";
        var response = await Daemon.Http.RawAsync("POST /v1.50/auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                                                  $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        Assert.Equal(400, response.Status);
        Assert.Contains("wrong type at $.username", response.Body);

        response = await Daemon.Http.RawAsync("POST /v1.50/auth HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n" +
                                              $"Content-Length: 2\r\nConnection: close\r\n\r\n{{}}");
        Assert.Equal(400, response.Status);
        Assert.Contains("unsupported Content-Type header (text/xml): must be 'application/json'", response.Body);
    }

    [Fact]
    public async Task A_filter_the_endpoint_does_not_know_is_400()
    {
        var response = await Daemon.Http.RawAsync("GET /v1.50/images/json?filters=%7B%22colour%22%3A%7B%22red%22%3Atrue%7D%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(400, response.Status);
        Assert.Equal("{\"message\":\"invalid filter 'colour'\"}\n", response.Body);
    }

    [Fact]
    public async Task Two_hundred_concurrent_requests_are_all_answered_and_the_daemon_stays_up()
    {
        string[] paths = ["/v1.50/version", "/v1.50/images/json", "/v1.50/info", "/_ping", "/v1.50/nosuch"];
        var requests = Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await Daemon.Http.Client.GetAsync(paths[i % paths.Length]);
            return (Path: paths[i % paths.Length], response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        var answers = await Task.WhenAll(requests);
        foreach (var (path, status, body) in answers)
        {
            var expected = path.EndsWith("nosuch", StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
            Assert.True(status == expected, $"{path}: {status} {body}");
        }
        Assert.False(Daemon.HasExited);
        Assert.Equal(200, (await Daemon.Http.RawAsync("GET /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).Status);
    }

    [Fact]
    public async Task Info_reports_the_host_and_the_data_root()
    {
        using var response = await Daemon.Http.Client.GetAsync("/v1.50/info");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
        using var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = info.RootElement;
        Assert.Equal(Daemon.DataRoot, root.GetProperty("DockerRootDir").GetString());
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("NCPU").GetInt32());
        Assert.True(root.GetProperty("MemTotal").GetInt64() > 64L * 1024 * 1024);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), root.GetProperty("KernelVersion").GetString());
        Assert.Equal("overlayfs", root.GetProperty("Driver").GetString());
        Assert.Equal("inactive", root.GetProperty("Swarm").GetProperty("LocalNodeState").GetString());
        Assert.Contains("name=seccomp,profile=builtin", root.GetProperty("SecurityOptions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("Images").ValueKind);
        Assert.Equal(0, root.GetProperty("Containers").GetInt32());
    }

    [Fact]
    public async Task Every_answer_carries_the_daemon_headers()
    {
        var response = await Daemon.Http.RawAsync("GET /v1.50/images/json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal("1.50", response.Headers["Api-Version"]);
        Assert.Equal("linux", response.Headers["Ostype"]);
        Assert.Equal("false", response.Headers["Docker-Experimental"]);
        Assert.StartsWith("Docker/", response.Headers["Server"]);
        Assert.Equal("application/json", response.Headers["Content-Type"]);
        Assert.Equal('[', response.Body.TrimStart()[0]);
        Assert.Equal("\n", response.Body[^1..]);
    }
}
