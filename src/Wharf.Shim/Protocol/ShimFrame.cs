using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Wharf.Core;

namespace Wharf.Shim.Protocol;

/// <summary>
/// One message on shim.sock: a 4-byte big-endian length, then that many bytes of UTF-8 JSON
/// (at most 1 MiB). Both the shim and its client read and write messages through this.
/// </summary>
internal static class ShimFrame
{
    public const int MaxLength = 1 << 20;

    public static async Task WriteAsync<T>(Stream stream, T message, JsonTypeInfo<T> type, CancellationToken ct)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(message, type);
        if (json.Length > MaxLength) throw WharfException.Invalid($"message of {json.Length} bytes is over the {MaxLength}-byte limit");
        byte[] frame = new byte[4 + json.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, json.Length);
        json.CopyTo(frame, 4);
        await stream.WriteAsync(frame, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads one message; null when the peer closed the connection before a frame began.</summary>
    public static async Task<T?> ReadAsync<T>(Stream stream, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        byte[] header = new byte[4];
        int got = await ReadFullAsync(stream, header, ct).ConfigureAwait(false);
        if (got == 0) return null;
        if (got < 4) throw new EndOfStreamException("connection closed in the middle of a message header");
        int length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is < 0 or > MaxLength) throw WharfException.Invalid($"message length {length} is outside 0..{MaxLength}");
        byte[] body = new byte[length];
        if (await ReadFullAsync(stream, body, ct).ConfigureAwait(false) < length)
            throw new EndOfStreamException("connection closed in the middle of a message");
        try
        {
            return JsonSerializer.Deserialize(body, type) ?? throw WharfException.Invalid("message is JSON null");
        }
        catch (JsonException e)
        {
            throw WharfException.Invalid($"malformed message: {e.Message}", e);
        }
    }

    private static async Task<int> ReadFullAsync(Stream stream, Memory<byte> buffer, CancellationToken ct)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer[total..], ct).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
