using System.Net;
using System.Net.Sockets;

namespace Wharf.Cli.Connection.Http1;

/// <summary>
/// HttpClient's transport for the daemon's Unix socket: HTTP/1.1 written and read by hand, a
/// connection per request. SocketsHttpHandler's pool, its connection state machines and its
/// thread-pool hops cost a short-lived CLI more than its requests do (wharf version: two requests).
/// </summary>
internal sealed class UnixSocketHandler(string socketPath) : HttpMessageHandler
{
    /// <summary>Set on a request: its I/O may block the calling thread (see <see cref="DaemonConnection.Blocking"/>).</summary>
    public static readonly HttpRequestOptionsKey<bool> BlockingOption = new("Wharf.Blocking");

    /// <summary>Bodies up to this size go out with the head in one write.</summary>
    private const int InlineBody = 64 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        DaemonConnection connection;
        try
        {
            bool blocking = request.Options.TryGetValue(BlockingOption, out bool value) && value;
            connection = await DaemonConnection.OpenAsync(socketPath, cancellationToken, blocking).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, e.Message, e);
        }
        try
        {
            ResponseHead head = await ExchangeAsync(connection, request, cancellationToken).ConfigureAwait(false);
            return ToResponse(request, head, ResponseBody.For(connection, head, request.Method == HttpMethod.Head));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static async Task<ResponseHead> ExchangeAsync(DaemonConnection connection, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var head = new RequestHead(request.Method.Method, request.RequestUri!.PathAndQuery);
        foreach (var header in request.Headers)
        {
            if (!string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase)) head.Add(header.Key, string.Join(", ", header.Value));
        }
        HttpContent? content = request.Content;
        if (content is null)
        {
            await connection.SendAsync(head.ToBytes(), cancellationToken).ConfigureAwait(false);
            return await connection.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var header in content.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)) head.Add(header.Key, string.Join(", ", header.Value));
        }
        long? length = content.Headers.ContentLength;
        if (length is long small && small <= InlineBody)
        {
            byte[] body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            head.Add("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await connection.SendAsync(head.ToBytes(body), cancellationToken).ConfigureAwait(false);
            return await connection.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
        }

        if (length is long large) head.Add("Content-Length", large.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else head.Add("Transfer-Encoding", "chunked");
        try
        {
            await connection.SendAsync(head.ToBytes(), cancellationToken).ConfigureAwait(false);
            var body = new RequestBody(connection, chunked: length is null);
            await content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
            await body.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException { InnerException: IOException } && !cancellationToken.IsCancellationRequested)
        {
            // The daemon may have refused the upload and closed its end: its answer says why.
            try
            {
                return await connection.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception late) when (late is CliError or IOException)
            {
            }
            throw;
        }
        return await connection.ReadHeadAsync(cancellationToken).ConfigureAwait(false);
    }

    private static HttpResponseMessage ToResponse(HttpRequestMessage request, ResponseHead head, ResponseBody body)
    {
        var content = new StreamContent(body);
        var response = new HttpResponseMessage((HttpStatusCode)head.Status)
        {
            ReasonPhrase = head.Reason,
            Version = HttpVersion.Version11,
            RequestMessage = request,
            Content = content,
        };
        foreach (var (name, value) in head.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value)) content.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }
}
