using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Wharf.Cli.Connection.Http1;

namespace Wharf.Cli.Connection;

/// <summary>
/// HTTP to the daemon over its Unix socket, the way the docker CLI does it: <c>Host:
/// api.moby.localhost</c>, a HEAD /_ping first to negotiate the API version (min of ours and the
/// daemon's Api-Version), then every request under /v&lt;version&gt;/. Error statuses become
/// <see cref="DaemonError"/> (the daemon's <c>{"message"}</c>), a daemon that is not there a
/// <see cref="CliError"/> with docker's wording.
/// </summary>
internal sealed class DaemonClient : IDisposable
{
    /// <summary>What docker sends as Host for a Unix socket (a name that cannot resolve anywhere).</summary>
    public const string HostName = "api.moby.localhost";

    /// <summary>Pins the API version and skips negotiation (docker's DOCKER_API_VERSION).</summary>
    public const string ApiVersionVariable = "WHARF_API_VERSION";

    public static readonly string UserAgent = $"Wharf-Client/{BuildInfo.Version} (linux)";

    private readonly HttpClient _http;
    private readonly ApiVersion? _pinned;
    private Task<DaemonPing>? _ping;

    public DaemonClient(DaemonEndpoint endpoint, ApiVersion? pinnedVersion = null)
    {
        Endpoint = endpoint;
        _pinned = pinnedVersion;
        _http = new HttpClient(new UnixSocketHandler(endpoint.SocketPath))
        {
            BaseAddress = new Uri($"http://{HostName}"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    public DaemonEndpoint Endpoint { get; }

    /// <summary>
    /// Set for commands that make one request after another (never two at once): requests then
    /// block the calling thread instead of going through the socket event loop and the thread pool,
    /// which a short command would otherwise start just for them. Streams of the hijacked kind
    /// (attach, exec) stay asynchronous either way.
    /// </summary>
    public bool Sequential { get; set; }

    /// <summary>The version every request uses; negotiated on first use unless pinned.</summary>
    public async Task<ApiVersion> VersionAsync(CancellationToken cancellationToken) =>
        _pinned ?? (await PingAsync(cancellationToken).ConfigureAwait(false)).NegotiatedVersion;

    /// <summary>The ping's answer (negotiated once per process, like docker's client).</summary>
    public Task<DaemonPing> PingAsync(CancellationToken cancellationToken) => _ping ??= NegotiateAsync(cancellationToken);

    private async Task<DaemonPing> NegotiateAsync(CancellationToken cancellationToken)
    {
        // HEAD first; docker retries with GET when HEAD fails for any reason but a dead socket or
        // the status is neither 200 nor 500 (500 = daemon up but unhealthy: headers still count).
        HttpResponseMessage? response = null;
        try
        {
            response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Head, "/_ping"), false, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (!IsConnectionFailure(e))
        {
        }
        if (response is null || (response.StatusCode != HttpStatusCode.OK && response.StatusCode != HttpStatusCode.InternalServerError))
        {
            response?.Dispose();
            response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Get, "/_ping"), false, cancellationToken).ConfigureAwait(false);
        }
        using (response)
            return DaemonPing.FromHeaders(response, _pinned);
    }

    /// <summary>
    /// Sends a request under the negotiated version prefix. Non-2xx answers throw
    /// <see cref="DaemonError"/>. With <paramref name="stream"/> the body is left unread for the caller.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Query? query = null, HttpContent? content = null, bool stream = false, CancellationToken cancellationToken = default)
    {
        ApiVersion version = await VersionAsync(cancellationToken).ConfigureAwait(false);
        string uri = $"/v{version}{path}{query}";
        var request = new HttpRequestMessage(method, uri) { Content = content };
        if (content is null && (method == HttpMethod.Post || method == HttpMethod.Put))
            request.Content = new ByteArrayContent([]);
        HttpResponseMessage response = await SendRawAsync(request, stream, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode < 400) return response;
        using (response)
            throw await ReadErrorAsync(response, uri, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonDocument> GetJsonAsync(string path, Query? query = null, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, path, query, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new CliError($"Error reading JSON: {e.Message}");
        }
    }

    /// <summary>A name in a request path, escaped as Go's url package escapes a path: '/' and ':' stay (image names have them).</summary>
    public static string PathPart(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '$' or '&' or '+' or ',' or '/' or ':' or ';' or '=' or '@') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>A GET's body as the daemon sent it (inspect prints the raw JSON, not a re-encoding).</summary>
    public async Task<byte[]> GetBytesAsync(string path, Query? query = null, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, path, query, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A GET's JSON body read into a wire type (source-generated, AOT-safe).</summary>
    public async Task<T> GetAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Query? query = null, CancellationToken cancellationToken = default)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get, path, query, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, type, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A response's JSON body read into a wire type; an empty or null body is an error.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JsonSerializer.DeserializeAsync(body, type, cancellationToken).ConfigureAwait(false)
                ?? throw new CliError("Error reading JSON: the daemon sent null");
        }
        catch (JsonException e)
        {
            throw new CliError($"Error reading JSON: {e.Message}");
        }
    }

    /// <summary>A JSON request body; docker sends Content-Type application/json with a length.</summary>
    public static HttpContent Json(string json) =>
        new ByteArrayContent(Encoding.UTF8.GetBytes(json)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };

    /// <summary>
    /// Opens a hijacked connection (attach, exec start): the POST with Connection: Upgrade, the 101,
    /// then a raw duplex stream.
    /// </summary>
    public async Task<HijackedStream> HijackAsync(string path, Query? query = null, string? jsonBody = null, CancellationToken cancellationToken = default)
    {
        ApiVersion version = await VersionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Hijack.OpenAsync(Endpoint.SocketPath, $"/v{version}{path}{query}", jsonBody, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw Unreachable(e.SocketErrorCode);
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, bool stream, CancellationToken cancellationToken)
    {
        if (Sequential) request.Options.Set(UnixSocketHandler.BlockingOption, true);
        try
        {
            return await _http.SendAsync(request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (IsConnectionFailure(e))
        {
            throw Unreachable((e.InnerException as SocketException)?.SocketErrorCode ?? SocketError.ConnectionRefused);
        }
    }

    private static bool IsConnectionFailure(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ConnectionError || e.InnerException is SocketException;

    /// <summary>docker's texts, with this daemon's name.</summary>
    public CliError Unreachable(SocketError error) => error == SocketError.AccessDenied
        ? new CliError($"permission denied while trying to connect to the Wharf daemon socket at {Endpoint.Address}: connect: permission denied")
        : new CliError($"Cannot connect to the Wharf daemon at {Endpoint.Address}. Is the wharf daemon running?");

    internal static async Task<DaemonError> ReadErrorAsync(HttpResponseMessage response, string uri, CancellationToken cancellationToken)
    {
        await using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] body = await BoundedRead.ReadAsync(stream, DaemonError.MaxBody, cancellationToken).ConfigureAwait(false);
        string reason = response.ReasonPhrase is { Length: > 0 } phrase ? phrase : response.StatusCode.ToString();
        return DaemonError.FromBody(response.StatusCode, reason, response.Content.Headers.ContentType?.MediaType, body, $"http://{HostName}{uri}");
    }

    public void Dispose() => _http.Dispose();
}
