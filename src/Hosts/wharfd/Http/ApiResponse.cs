using System.Text.Json.Serialization.Metadata;
using Wharf.Api;
using Wharf.Api.Types;

namespace Wharf.Daemon.Http;

/// <summary>Writing API answers: JSON with Content-Type exactly "application/json" (the CLI compares the string).</summary>
internal static class ApiResponse
{
    public const string JsonContentType = "application/json";

    public static async Task JsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK)
    {
        byte[] body = ApiJson.Serialize(value, type);
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary><c>{"message":"..."}</c> with <paramref name="status"/>.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message) =>
        JsonAsync(context, new ErrorResponse { Message = message }, ApiJson.Context.ErrorResponse, status);

    /// <summary>A status with no body (204 for stop, 201 for tag).</summary>
    public static Task StatusAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (status != StatusCodes.Status204NoContent && status != StatusCodes.Status304NotModified) context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends the status and headers now, body later (chunked): <c>/wait</c>, JSON message streams,
    /// logs. The CLI blocks on a wait's headers before it starts the container, so they cannot wait for the body.
    /// </summary>
    public static async Task StartNowAsync(HttpContext context, string contentType, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
