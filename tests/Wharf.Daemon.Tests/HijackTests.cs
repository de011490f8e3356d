using System.Text;
using Microsoft.AspNetCore.Http;
using Wharf.Api;
using Wharf.Api.Types;
using Wharf.Daemon.Http;

namespace Wharf.Daemon.Tests;

/// <summary>Hijacked streams (attach, exec start) and answers whose headers go out before their body (wait).</summary>
public class HijackTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>An "attach": upgrades, says what it got, echoes stdin until the client half-closes, then says goodbye.</summary>
    private static async Task EchoAsync(HttpContext context)
    {
        var body = await RequestBody.ReadJsonAsync(context, ApiJson.Context.ExecStartRequest, optional: true);
        await using var stream = await Hijack.UpgradeAsync(context, multiplexed: !(body?.Tty ?? false));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"tty={body?.Tty.ToString() ?? "none"}\n"));
        byte[] buffer = new byte[1024];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0) await stream.WriteAsync(buffer.AsMemory(0, read));
        // Output long after stdin ended must still arrive: Kestrel alone aborts the response on the client's FIN.
        await Task.Delay(200);
        await stream.WriteAsync("stdin closed\n"u8.ToArray());
    }

    /// <summary>Output that never ends, until writing fails or the request is aborted; records which.</summary>
    private static readonly TaskCompletionSource<string> EndlessOutcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static async Task EndlessAsync(HttpContext context)
    {
        await using var stream = await Hijack.UpgradeAsync(context, multiplexed: false);
        try
        {
            for (int i = 0; i < 400; i++)
            {
                if (context.RequestAborted.IsCancellationRequested) { EndlessOutcome.TrySetResult("aborted"); return; }
                await stream.WriteAsync(new byte[4096], context.RequestAborted);
                await Task.Delay(25);
            }
            EndlessOutcome.TrySetResult("never noticed");
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            EndlessOutcome.TrySetResult("write failed");
        }
    }

    private static Task<SocketServer> StartAsync(TaskCompletionSource? release = null) => SocketServer.StartAsync(routes => routes
        .Post("/containers/{id}/endless", EndlessAsync)
        .Post("/containers/{id}/attach", EchoAsync)
        .Post("/exec/{id}/start", EchoAsync)
        .Post("/containers/{id}/wait", async context =>
        {
            await ApiResponse.StartNowAsync(context, ApiResponse.JsonContentType);
            await release!.Task;
            await context.Response.Body.WriteAsync(ApiJson.Serialize(new ContainerWaitResponse { StatusCode = 7 }, ApiJson.Context.ContainerWaitResponse));
        })
        .Post("/echo-json", async context =>
        {
            var body = await RequestBody.ReadJsonAsync(context, ApiJson.Context.ExecStartRequest);
            await ApiResponse.JsonAsync(context, new IdResponse { Id = $"tty={body!.Tty}" }, ApiJson.Context.IdResponse);
        }));

    [Fact]
    public async Task Attach_upgrades_with_dockers_headers_and_stdin_EOF_keeps_output_open()
    {
        await using var server = await StartAsync();
        using var client = await server.ConnectAsync();
        await client.SendAsync("POST /v1.50/containers/c1/attach?stream=1&stdin=1&stdout=1 HTTP/1.1\r\nHost: api.moby.localhost\r\n" +
                               "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: text/plain\r\n\r\n");
        var (status, headers) = await client.ReadHeadAsync(Timeout);
        Assert.Equal(101, status);
        Assert.Equal("Upgrade", headers["Connection"]);
        Assert.Equal("tcp", headers["Upgrade"]);
        Assert.Equal(Hijack.MultiplexedStream, headers["Content-Type"]);
        Assert.Equal("1.50", headers["Api-Version"]);
        await client.ReadUntilAsync("tty=none\n", Timeout);

        await client.SendAsync("hello\n");
        await client.ReadUntilAsync("hello\n", Timeout);
        client.HalfClose();
        Assert.Equal("stdin closed\n", await client.ReadToEndAsync(Timeout));
    }

    [Fact]
    public async Task Before_api_1_42_the_stream_is_announced_as_raw()
    {
        await using var server = await StartAsync();
        using var client = await server.ConnectAsync();
        await client.SendAsync("POST /v1.41/containers/c1/attach?stream=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
        var (status, headers) = await client.ReadHeadAsync(Timeout);
        Assert.Equal(101, status);
        Assert.Equal(Hijack.RawStream, headers["Content-Type"]);
    }

    [Fact]
    public async Task Exec_start_reads_its_JSON_body_and_then_the_stdin_that_follows_it()
    {
        await using var server = await StartAsync();
        using var client = await server.ConnectAsync();
        const string body = "{\"Detach\":false,\"Tty\":true,\"ConsoleSize\":[40,120]}";
        // Head, body and the first stdin bytes in one write, as a fast client may send them.
        await client.SendAsync($"POST /v1.50/exec/e1/start HTTP/1.1\r\nHost: api.moby.localhost\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n" +
                               $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}early bytes\n");
        var (status, headers) = await client.ReadHeadAsync(Timeout);
        Assert.Equal(101, status);
        Assert.Equal(Hijack.RawStream, headers["Content-Type"]);
        await client.ReadUntilAsync("tty=True\n", Timeout);
        await client.ReadUntilAsync("early bytes\n", Timeout);
        await client.SendAsync("later\n");
        await client.ReadUntilAsync("later\n", Timeout);
        client.HalfClose();
        Assert.Equal("stdin closed\n", await client.ReadToEndAsync(Timeout));
    }

    [Fact]
    public async Task A_client_that_does_not_upgrade_gets_200_and_the_output()
    {
        await using var server = await StartAsync();
        using var client = await server.ConnectAsync();
        await client.SendAsync("POST /containers/c1/attach?stream=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        var (status, headers) = await client.ReadHeadAsync(Timeout);
        Assert.Equal(200, status);
        Assert.Equal(Hijack.MultiplexedStream, headers["Content-Type"]);
        Assert.Contains("stdin closed", await client.ReadToEndAsync(Timeout));
    }

    [Fact]
    public async Task Ordinary_keep_alive_requests_with_bodies_are_left_alone()
    {
        await using var server = await StartAsync();
        using var client = await server.ConnectAsync();
        const string body = "{\"Tty\":true}";
        string request = $"POST /echo-json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}";
        await client.SendAsync(request + request);
        for (int i = 0; i < 2; i++)
        {
            var (status, headers) = await client.ReadHeadAsync(Timeout);
            Assert.Equal(200, status);
            Assert.Equal("application/json", headers["Content-Type"]);
            Assert.Contains("tty=True", await client.ReadUntilAsync("}\n", Timeout));
        }
    }

    [Fact]
    public async Task A_hijacked_client_that_is_really_gone_stops_the_output()
    {
        await using var server = await StartAsync();
        using (var client = await server.ConnectAsync())
        {
            await client.SendAsync("POST /containers/c1/endless HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            Assert.Equal(101, (await client.ReadHeadAsync(Timeout)).Status);
        } // closed both ways, unread data pending: the kernel answers further writes with a reset
        string outcome = await EndlessOutcome.Task.WaitAsync(Timeout);
        Assert.NotEqual("never noticed", outcome);
    }

    [Fact]
    public async Task Wait_sends_its_headers_before_the_body_is_ready()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(release);
        using var client = await server.ConnectAsync();
        await client.SendAsync("POST /v1.50/containers/c1/wait?condition=next-exit HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        // The handler is still blocked: only the head can have been sent.
        var (status, headers) = await client.ReadHeadAsync(Timeout);
        Assert.False(release.Task.IsCompleted);
        Assert.Equal(200, status);
        Assert.Equal("application/json", headers["Content-Type"]);
        Assert.Equal("chunked", headers["Transfer-Encoding"]);
        release.SetResult();
        Assert.Contains("{\"StatusCode\":7,\"Error\":null}", await client.ReadUntilAsync("}\n", Timeout));
    }
}
