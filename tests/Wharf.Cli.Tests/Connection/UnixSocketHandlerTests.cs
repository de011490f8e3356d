using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Cli.Connection;

namespace Wharf.Cli.Tests.Connection;

/// <summary>
/// The hand-written HTTP/1.1 transport against a daemon that writes raw bytes: every body framing
/// a daemon may use, responses split across writes, and the requests it puts on the wire.
/// </summary>
public sealed class UnixSocketHandlerTests
{
    /// <summary>A daemon that answers /_ping and sends <paramref name="raw"/> (in pieces, split at '|') for anything else.</summary>
    private static FakeDaemon Raw(string raw, Action<FakeDaemon.Request>? seen = null) => new(async (request, socket) =>
    {
        if (request.Target == "/_ping") return FakeDaemon.Ping("1.50");
        seen?.Invoke(request);
        foreach (string piece in raw.Split('|'))
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(piece), SocketFlags.None);
            await Task.Delay(5);
        }
        socket.Shutdown(SocketShutdown.Send);
        return null;
    });

    private static async Task<string> GetTextAsync(FakeDaemon daemon, bool sequential = false)
    {
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address)) { Sequential = sequential };
        return Encoding.UTF8.GetString(await client.GetBytesAsync("/thing"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // blocking I/O on the calling thread: the same bytes
    public async Task A_chunked_body_split_across_writes_is_joined(bool sequential)
    {
        using FakeDaemon daemon = Raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n|5\r\n[1,2,\r\n|3;ext=1\r\n3]\n\r|\n0\r\nX-Trailer: t\r\n\r\n");
        Assert.Equal("[1,2,3]\n", await GetTextAsync(daemon, sequential));
    }

    [Fact]
    public async Task A_blocked_sequential_request_ends_when_cancelled()
    {
        // A daemon that takes the request and never answers (a hung daemon, then ctrl-c).
        using FakeDaemon daemon = new(async (request, _) =>
        {
            if (request.Target == "/_ping") return FakeDaemon.Ping("1.50");
            await Task.Delay(Timeout.Infinite);
            return null;
        });
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address)) { Sequential = true };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Task request = Task.Run(() => client.GetBytesAsync("/hangs", cancellationToken: cancel.Token));
        Task first = await Task.WhenAny(request, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.Same(request, first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }

    [Fact]
    public async Task A_body_without_length_runs_to_the_close()
    {
        using FakeDaemon daemon = Raw("HTTP/1.1 200 OK\r\n\r\nfirst |second");
        Assert.Equal("first second", await GetTextAsync(daemon));
    }

    [Fact]
    public async Task A_head_split_mid_line_and_an_interim_100_are_read_through()
    {
        using FakeDaemon daemon = Raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 O|K\r\nContent-Len|gth: 4\r\n\r|\nbody");
        Assert.Equal("body", await GetTextAsync(daemon));
    }

    [Fact]
    public async Task A_body_cut_short_is_an_error_not_a_short_answer()
    {
        using FakeDaemon daemon = Raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        var error = await Assert.ThrowsAsync<CliError>(() => GetTextAsync(daemon));
        Assert.Contains("closed the connection", error.Message);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY0\r\n\r\n")]
    public async Task A_malformed_chunked_body_is_refused(string raw)
    {
        using FakeDaemon daemon = Raw(raw);
        var error = await Assert.ThrowsAsync<CliError>(() => GetTextAsync(daemon));
        Assert.Contains("malformed chunked body", error.Message);
    }

    [Fact]
    public async Task A_status_line_that_is_not_HTTP_is_refused()
    {
        using FakeDaemon daemon = Raw("SSH-2.0-OpenSSH\r\n\r\n");
        var error = await Assert.ThrowsAsync<CliError>(() => GetTextAsync(daemon));
        Assert.Contains("malformed response: SSH-2.0-OpenSSH", error.Message);
    }

    [Fact]
    public async Task A_chunked_error_body_is_the_daemons_message()
    {
        using FakeDaemon daemon = Raw("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1b\r\n{\"message\":\"No such thing\"}\r\n0\r\n\r\n");
        var error = await Assert.ThrowsAsync<DaemonError>(() => GetTextAsync(daemon));
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal("Error response from daemon: No such thing", error.Display);
    }

    [Fact]
    public async Task A_small_body_goes_out_with_a_length_and_a_stream_of_unknown_length_chunked()
    {
        using FakeDaemon daemon = FakeDaemon.Answering(r => r.Target == "/_ping" ? FakeDaemon.Ping("1.50") : FakeDaemon.Response.Json("{}"));
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        using (await client.SendAsync(HttpMethod.Post, "/small", content: DaemonClient.Json("""{"a":1}"""))) { }
        FakeDaemon.Request small = daemon.Requests.Last();
        Assert.Equal("7", small.Header("Content-Length"));
        Assert.Equal("application/json", small.Header("Content-Type"));
        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(small.Body));

        // An upload whose length nobody knows (a pipe): chunked, and it arrives whole.
        byte[] payload = new byte[300_000];
        new Random(7).NextBytes(payload);
        using (await client.SendAsync(HttpMethod.Post, "/images/load", content: new StreamContent(new UnseekableStream(payload)))) { }
        FakeDaemon.Request upload = daemon.Requests.Last();
        Assert.Equal("chunked", upload.Header("Transfer-Encoding"));
        Assert.Equal("", upload.Header("Content-Length"));
        Assert.Equal(payload, upload.Body);
    }

    [Fact]
    public async Task An_upload_refused_early_reports_the_daemons_answer()
    {
        // The daemon answers 400 after the head and closes without reading the 32 MiB body.
        using FakeDaemon daemon = Raw("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n{\"message\":\"not a tar\"}\n");
        using var client = new DaemonClient(DaemonEndpoint.Parse(daemon.Address));
        var body = new StreamContent(new UnseekableStream(new byte[32 << 20]));
        var error = await Assert.ThrowsAsync<DaemonError>(() => client.SendAsync(HttpMethod.Post, "/images/load", content: body));
        Assert.Equal("Error response from daemon: not a tar", error.Display);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_daemon_that_is_not_there_gets_dockers_wording(bool sequential)
    {
        string path = Path.Combine(Path.GetTempPath(), $"wharf-none-{Guid.NewGuid():N}.sock");
        using var client = new DaemonClient(DaemonEndpoint.Parse("unix://" + path)) { Sequential = sequential };
        var error = await Assert.ThrowsAsync<CliError>(() => client.GetBytesAsync("/version"));
        Assert.Equal($"Cannot connect to the Wharf daemon at unix://{path}. Is the wharf daemon running?", error.Message);
    }

    /// <summary>A read-only stream that cannot tell its length, like stdin on a pipe.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}

