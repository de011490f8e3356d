using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Wharf.Cli.Tests.Connection;

/// <summary>
/// A minimal HTTP/1.1 server on a Unix socket that records requests (bodies by length or chunked) and answers with canned
/// responses (keep-alive as HttpClient expects). A handler may also take the raw socket over,
/// as a daemon does after a 101.
/// </summary>
internal sealed class FakeDaemon : IDisposable
{
    public sealed record Request(string Method, string Target, Dictionary<string, string> Headers, byte[] Body)
    {
        public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out string? v) ? v : "";
    }

    public sealed record Response(int Status, string Body = "", string ContentType = "application/json", Dictionary<string, string>? Headers = null, string Reason = "")
    {
        public static Response Json(string body) => new(200, body);
        public static Response Error(int status, string message) => new(status, $$"""{"message":"{{message}}"}""");
    }

    private readonly Socket _listener;
    private readonly string _directory;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Request, Socket, Task<Response?>> _handler;

    // Every connection stays rooted until the daemon is disposed: a handler that only waits (a hung
    // daemon) would otherwise be garbage, and the finalizer would close its socket under the client.
    private readonly ConcurrentBag<Socket> _connections = [];

    public FakeDaemon(Func<Request, Socket, Task<Response?>> handler)
    {
        _handler = handler;
        _directory = Directory.CreateTempSubdirectory("wharf-cli-fake-").FullName;
        SocketPath = Path.Combine(_directory, "d.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _ = AcceptLoop();
    }

    /// <summary>A daemon answering every request through <paramref name="handler"/> (no hijacking).</summary>
    public static FakeDaemon Answering(Func<Request, Response> handler) => new((r, _) => Task.FromResult<Response?>(handler(r)));

    public string SocketPath { get; }
    public string Address => "unix://" + SocketPath;
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>The /_ping answer of a daemon speaking <paramref name="apiVersion"/> (null: no header, like pre-1.25 daemons).</summary>
    public static Response Ping(string? apiVersion) => new(200, "OK", "text/plain",
        apiVersion is null ? [] : new Dictionary<string, string> { ["Api-Version"] = apiVersion, ["Ostype"] = "linux", ["Docker-Experimental"] = "false" });

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _connections.Add(client);
            _ = Serve(client);
        }
    }

    private async Task Serve(Socket client)
    {
        var pending = new List<byte>();
        byte[] buffer = new byte[8192];
        try
        {
            while (true)
            {
                int headEnd;
                while ((headEnd = IndexOf(pending, "\r\n\r\n"u8)) < 0)
                {
                    int n = await client.ReceiveAsync(buffer, SocketFlags.None);
                    if (n == 0) return;
                    pending.AddRange(buffer.AsSpan(0, n));
                }
                string head = Encoding.ASCII.GetString(pending.GetRange(0, headEnd).ToArray());
                pending.RemoveRange(0, headEnd + 4);
                string[] lines = head.Split("\r\n");
                string[] start = lines[0].Split(' ');
                var headers = new Dictionary<string, string>();
                foreach (string line in lines.Skip(1))
                {
                    int colon = line.IndexOf(':');
                    headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
                }
                async Task<bool> Fill(int count)
                {
                    while (pending.Count < count)
                    {
                        int n = await client.ReceiveAsync(buffer, SocketFlags.None);
                        if (n == 0) return false;
                        pending.AddRange(buffer.AsSpan(0, n));
                    }
                    return true;
                }
                byte[] body;
                if (headers.TryGetValue("transfer-encoding", out string? te) && te == "chunked")
                {
                    // Chunks: "<hex size>\r\n<data>\r\n", a zero-size chunk and an empty line last.
                    var chunks = new List<byte>();
                    while (true)
                    {
                        int lineEnd;
                        while ((lineEnd = IndexOf(pending, "\r\n"u8)) < 0)
                        {
                            if (!await Fill(pending.Count + 1)) return;
                        }
                        int size = Convert.ToInt32(Encoding.ASCII.GetString(pending.GetRange(0, lineEnd).ToArray()), 16);
                        pending.RemoveRange(0, lineEnd + 2);
                        if (!await Fill(size + 2)) return;
                        chunks.AddRange(pending.GetRange(0, size));
                        pending.RemoveRange(0, size + 2);
                        if (size == 0) break;
                    }
                    body = [.. chunks];
                }
                else
                {
                    int length = headers.TryGetValue("content-length", out string? cl) ? int.Parse(cl) : 0;
                    if (!await Fill(length)) return;
                    body = pending.GetRange(0, length).ToArray();
                    pending.RemoveRange(0, length);
                }
                var request = new Request(start[0], start[1], headers, body);
                Requests.Enqueue(request);

                Response? response = await _handler(request, client);
                if (response is null) return; // the handler took the connection over
                await client.SendAsync(Encode(request, response), SocketFlags.None);
            }
        }
        catch (SocketException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private static byte[] Encode(Request request, Response response)
    {
        byte[] body = Encoding.UTF8.GetBytes(response.Body);
        var sb = new StringBuilder();
        sb.Append($"HTTP/1.1 {response.Status} {(response.Reason.Length > 0 ? response.Reason : Reason(response.Status))}\r\n");
        if (response.Body.Length > 0 || response.Status >= 400) sb.Append($"Content-Type: {response.ContentType}\r\n");
        foreach ((string key, string value) in response.Headers ?? []) sb.Append($"{key}: {value}\r\n");
        sb.Append($"Content-Length: {(request.Method == "HEAD" ? 0 : body.Length)}\r\n\r\n");
        byte[] headBytes = Encoding.ASCII.GetBytes(sb.ToString());
        return request.Method == "HEAD" ? headBytes : [.. headBytes, .. body];
    }

    private static string Reason(int status) => status switch
    {
        101 => "UPGRADED",
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        409 => "Conflict",
        500 => "Internal Server Error",
        _ => "Status",
    };

    private static int IndexOf(List<byte> data, ReadOnlySpan<byte> pattern)
    {
        for (int i = 0; i + pattern.Length <= data.Count; i++)
        {
            bool match = true;
            for (int j = 0; j < pattern.Length && match; j++) match = data[i + j] == pattern[j];
            if (match) return i;
        }
        return -1;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        foreach (Socket connection in _connections) connection.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
