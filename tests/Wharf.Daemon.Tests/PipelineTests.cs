using Microsoft.AspNetCore.Http;
using Wharf.Api;
using Wharf.Core;
using Wharf.Daemon.Http;

namespace Wharf.Daemon.Tests;

/// <summary>How the pipeline turns handler outcomes into answers: the one error table, 500s, bounded JSON bodies.</summary>
public class PipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Task<SocketServer> StartAsync() => SocketServer.StartAsync(routes => routes
        .Get("/fail/{kind}", context => throw context.Route("kind") switch
        {
            "invalid" => WharfException.Invalid("bad input"),
            "notfound" => WharfException.NotFound("No such thing: x"),
            "exists" => WharfException.Exists("already there"),
            "conflict" => WharfException.Conflict("in use"),
            "internal" => new WharfException(ErrorKind.Internal, "disk on fire"),
            "request" => new ApiRequestException("invalid filter 'x'"),
            _ => new InvalidOperationException("something unexpected"),
        })
        .Get("/fail-late", async context =>
        {
            await ApiResponse.StartNowAsync(context, ApiResponse.JsonContentType);
            throw new InvalidOperationException("after the headers");
        })
        .Post("/json", async context =>
        {
            var body = await RequestBody.ReadJsonAsync(context, ApiJson.Context.AuthConfig);
            await ApiResponse.JsonAsync(context, new Api.Types.IdResponse { Id = body!.Username ?? "" }, ApiJson.Context.IdResponse);
        }));

    private static async Task<(int Status, Dictionary<string, string> Headers, string Body)> SendAsync(SocketServer server, string request)
    {
        using var client = await server.ConnectAsync();
        await client.SendAsync(request);
        var (status, headers) = await client.ReadHeadAsync(Timeout);
        return (status, headers, await client.ReadToEndAsync(Timeout));
    }

    [Theory]
    [InlineData("invalid", 400, "bad input")]
    [InlineData("notfound", 404, "No such thing: x")]
    [InlineData("exists", 409, "already there")]
    [InlineData("conflict", 409, "in use")]
    [InlineData("internal", 500, "disk on fire")]
    [InlineData("request", 400, "invalid filter 'x'")]
    [InlineData("surprise", 500, "something unexpected")]
    public async Task Errors_become_a_status_and_a_message(string kind, int status, string message)
    {
        await using var server = await StartAsync();
        var answer = await SendAsync(server, $"GET /v1.50/fail/{kind} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/json", answer.Headers["Content-Type"]);
        Assert.Equal($"{{\"message\":\"{message}\"}}\n", answer.Body);
        // The daemon carries on.
        Assert.Equal(404, (await SendAsync(server, "GET /v1.50/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).Status);
    }

    [Fact]
    public async Task An_error_after_the_headers_cuts_the_connection()
    {
        await using var server = await StartAsync();
        using var client = await server.ConnectAsync();
        await client.SendAsync("GET /fail-late HTTP/1.1\r\nHost: x\r\n\r\n");
        // Whatever got out, the answer never ends cleanly (no last chunk): the client sees the failure.
        string answer = await client.ReadToEndAsync(Timeout);
        Assert.DoesNotContain("0\r\n\r\n", answer);
        Assert.DoesNotContain("after the headers", answer);
    }

    [Fact]
    public async Task A_chunked_JSON_body_is_read()
    {
        await using var server = await StartAsync();
        const string json = "{\"username\":\"bob\"}";
        var answer = await SendAsync(server, "POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
                                             $"{json.Length:x}\r\n{json}\r\n0\r\n\r\n");
        Assert.Equal(200, answer.Status);
        Assert.Contains("\"Id\":\"bob\"", answer.Body);
    }

    [Fact]
    public async Task A_JSON_body_over_the_limit_is_refused()
    {
        await using var server = await StartAsync();
        using var client = await server.ConnectAsync();
        string chunk = new('x', 1024 * 1024);
        await client.SendAsync("POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nd\r\n{\"username\":\"\r\n");
        // Keep sending until the server answers (it stops reading at the limit).
        var head = client.ReadHeadAsync(TimeSpan.FromSeconds(30));
        for (int i = 0; i < 8 && !head.IsCompleted; i++)
        {
            try
            {
                await client.SendAsync($"{chunk.Length:x}\r\n{chunk}\r\n");
            }
            catch (System.Net.Sockets.SocketException)
            {
                break;
            }
        }
        var (status, _) = await head;
        Assert.Equal(400, status);
        Assert.Contains("larger than 4 MiB", await client.ReadToEndAsync(Timeout));
    }
}
