using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wharf.Cli.Connection;

/// <summary>
/// The hijack handshake of attach and exec start, on a fresh connection: a POST with
/// <c>Connection: Upgrade</c> and <c>Upgrade: tcp</c>, a <c>101</c> back, and from then on the
/// socket carries the container's streams both ways. HttpClient cannot hand the socket over
/// after a 101, so this writes and reads the HTTP/1.1 head itself.
/// </summary>
internal static class Hijack
{
    /// <summary>A response head longer than this is not a daemon's.</summary>
    private const int MaxHead = 64 * 1024;

    public static async Task<HijackedStream> OpenAsync(string socketPath, string pathAndQuery, string? jsonBody, CancellationToken cancellationToken)
    {
        Socket socket = await UnixSocket.ConnectSocketAsync(socketPath, cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
            string head =
                $"POST {pathAndQuery} HTTP/1.1\r\n" +
                $"Host: {DaemonClient.HostName}\r\n" +
                $"User-Agent: {DaemonClient.UserAgent}\r\n" +
                $"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n" +
                (jsonBody is null ? "Content-Type: text/plain\r\n" : "Content-Type: application/json\r\n") +
                "Connection: Upgrade\r\n" +
                "Upgrade: tcp\r\n\r\n";
            byte[] request = [.. Encoding.ASCII.GetBytes(head), .. body];
            await SendAllAsync(socket, request, cancellationToken).ConfigureAwait(false);

            (ResponseHead response, byte[] leftover) = await ReadHeadAsync(socket, cancellationToken).ConfigureAwait(false);
            if (response.Status == 101)
                return new HijackedStream(socket, leftover, response.Header("Content-Type"));

            if (response.Status >= 400)
            {
                byte[] errorBody = await ReadBodyAsync(socket, response, leftover, cancellationToken).ConfigureAwait(false);
                throw DaemonError.FromBody((HttpStatusCode)response.Status, response.Reason, MediaType(response.Header("Content-Type")), errorBody,
                    $"http://{DaemonClient.HostName}{pathAndQuery}");
            }
            throw new CliError($"unable to upgrade to tcp, received {response.Status.ToString(CultureInfo.InvariantCulture)}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    private static async Task<(ResponseHead Head, byte[] Leftover)> ReadHeadAsync(Socket socket, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[4096];
        int filled = 0;
        while (true)
        {
            int end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = ResponseHead.Parse(Encoding.Latin1.GetString(buffer, 0, end));
                return (head, buffer[(end + 4)..filled]);
            }
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHead) throw new CliError("the daemon's response head is too long");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new CliError("the daemon closed the connection before answering");
            filled += read;
        }
    }

    /// <summary>An error body: by Content-Length, chunked, or up to the close; bounded either way.</summary>
    private static async Task<byte[]> ReadBodyAsync(Socket socket, ResponseHead head, byte[] leftover, CancellationToken cancellationToken)
    {
        var raw = new MemoryStream();
        raw.Write(leftover);
        long? length = long.TryParse(head.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;
        bool chunked = head.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;
        byte[] chunk = new byte[8192];
        while (raw.Length < DaemonError.MaxBody && (length is null || raw.Length < length))
        {
            if (chunked && raw.GetBuffer().AsSpan(0, (int)raw.Length).IndexOf("0\r\n\r\n"u8) >= 0) break;
            int read = await socket.ReceiveAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            raw.Write(chunk, 0, read);
        }
        byte[] bytes = raw.ToArray();
        if (length is long l && bytes.Length > l) bytes = bytes[..(int)l];
        return chunked ? Dechunk(bytes) : bytes;
    }

    private static byte[] Dechunk(byte[] data)
    {
        var body = new MemoryStream();
        int pos = 0;
        while (pos < data.Length)
        {
            int lineEnd = data.AsSpan(pos).IndexOf("\r\n"u8);
            if (lineEnd < 0) break;
            string sizeText = Encoding.ASCII.GetString(data, pos, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int size) || size <= 0) break;
            pos += lineEnd + 2;
            size = Math.Min(size, data.Length - pos);
            body.Write(data, pos, size);
            pos += size + 2;
        }
        return body.ToArray();
    }

    private static string? MediaType(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>A parsed status line and headers.</summary>
    internal sealed record ResponseHead(int Status, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers)
    {
        public string? Header(string name) =>
            Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        public static ResponseHead Parse(string text)
        {
            string[] lines = text.Split("\r\n");
            string[] status = lines[0].Split(' ', 3);
            if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
                || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code))
                throw new CliError($"the daemon sent a malformed response: {lines[0]}");
            var headers = new List<KeyValuePair<string, string>>();
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                if (colon > 0) headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
            return new ResponseHead(code, status.Length > 2 ? status[2] : "", headers);
        }
    }
}
