using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Daemon.Http;

namespace Wharf.Daemon.Tests;

/// <summary>
/// Kestrel on a temp Unix socket with wharfd's connection middleware and pipeline, serving the
/// routes a test gives it; raw socket clients talk to it byte for byte.
/// </summary>
internal sealed class SocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private SocketServer(WebApplication app, string directory, string socket)
    {
        _app = app;
        _directory = directory;
        SocketPath = socket;
    }

    public string SocketPath { get; }

    public static async Task<SocketServer> StartAsync(Action<RouteTable> map)
    {
        string directory = Path.Join(Path.GetTempPath(), $"wharfd-test-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(directory);
        string socket = Path.Join(directory, "api.sock");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = directory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenUnixSocket(socket, listen => listen.Use(HijackConnection.Middleware));
        });
        var app = builder.Build();
        var routes = new RouteTable();
        map(routes);
        app.Run(new ApiPipeline(routes, NullLogger<ApiPipeline>.Instance).HandleAsync);
        await app.StartAsync();
        return new SocketServer(app, directory, socket);
    }

    public async Task<RawClient> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        return new RawClient(socket);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>An HTTP/1.1 client that writes raw bytes and reads the answer as the docker CLI's hijack code does.</summary>
internal sealed class RawClient(Socket socket) : IDisposable
{
    private readonly List<byte> _pending = [];

    public Task SendAsync(string text) => socket.SendAsync(Encoding.Latin1.GetBytes(text));

    public void HalfClose() => socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads up to the blank line after the headers: the status line and the headers.</summary>
    public async Task<(int Status, Dictionary<string, string> Headers)> ReadHeadAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        int end;
        while ((end = IndexOf("\r\n\r\n"u8)) < 0)
            if (await FillAsync(cancel.Token) == 0) throw new EndOfStreamException("the server closed the connection before the head ended");
        string head = Encoding.Latin1.GetString(_pending.GetRange(0, end).ToArray());
        _pending.RemoveRange(0, end + 4);
        string[] lines = head.Split("\r\n");
        int status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (status, headers);
    }

    /// <summary>Everything until the server closes the connection.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (await FillAsync(cancel.Token) > 0) { }
        string text = Encoding.Latin1.GetString(_pending.ToArray());
        _pending.Clear();
        return text;
    }

    /// <summary>Reads until <paramref name="expected"/> has arrived; returns everything read so far.</summary>
    public async Task<string> ReadUntilAsync(string expected, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        byte[] needle = Encoding.Latin1.GetBytes(expected);
        int at;
        while ((at = IndexOf(needle)) < 0)
            if (await FillAsync(cancel.Token) == 0) throw new EndOfStreamException($"closed before \"{expected}\" arrived");
        string text = Encoding.Latin1.GetString(_pending.GetRange(0, at + needle.Length).ToArray());
        _pending.RemoveRange(0, at + needle.Length);
        return text;
    }

    private async Task<int> FillAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[4096];
        int read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        _pending.AddRange(buffer.AsSpan(0, read).ToArray());
        return read;
    }

    private int IndexOf(ReadOnlySpan<byte> needle) => _pending.ToArray().AsSpan().IndexOf(needle);

    public void Dispose() => socket.Dispose();
}
