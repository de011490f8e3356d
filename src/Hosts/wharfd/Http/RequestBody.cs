using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using Wharf.Api;

namespace Wharf.Daemon.Http;

/// <summary>Reading JSON request bodies: bounded in size, checked as moby's ReadJSON checks them.</summary>
internal static class RequestBody
{
    /// <summary>The largest JSON body read (a create request with every option is a few KiB).</summary>
    public const int MaxJsonSize = 4 * 1024 * 1024;

    /// <summary>
    /// The body as <typeparamref name="T"/>, or null when there is none (Content-Length 0) and
    /// <paramref name="optional"/>. 400 for a wrong Content-Type, bad JSON, or a body over the limit.
    /// </summary>
    public static async Task<T?> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> type, bool optional = false) where T : class
    {
        byte[]? captured = HijackConnection.TakeBody(context);
        string? contentType = context.Request.ContentType;
        bool empty = captured is null && context.Request.ContentLength == 0;
        if (empty || (captured is null && context.Request.ContentLength is null && !context.Request.Headers.TransferEncoding.Any()))
        {
            if (optional) return null;
            throw new ApiRequestException("invalid JSON: got EOF while reading request body");
        }
        if (!string.IsNullOrEmpty(contentType) && !IsJson(contentType))
            throw new ApiRequestException($"unsupported Content-Type header ({contentType}): must be 'application/json'");

        byte[] body = captured ?? await ReadBoundedAsync(context.Request.Body, MaxJsonSize, context.RequestAborted);
        return ApiJson.Deserialize(body, type);
    }

    private static bool IsJson(string contentType)
    {
        int semicolon = contentType.IndexOf(';');
        string media = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            int read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) throw new ApiRequestException($"the request body is larger than {limit / (1024 * 1024)} MiB");
        }
        return buffer.WrittenSpan.ToArray();
    }
}
