using System.Text.Json;

namespace Wharf.Cli.Connection;

/// <summary>
/// A response body of concatenated JSON values (events, stats): each value is yielded as soon
/// as it is complete, while the stream stays open.
/// </summary>
internal static class JsonValueStream
{
    /// <summary>A single value larger than this is refused.</summary>
    private const int MaxValue = 1 << 20;

    /// <summary>Concatenated JSON values, each parsed as it completes (the stream stays open until --until or Ctrl-C).</summary>
    public static async IAsyncEnumerable<JsonDocument> ReadAsync(Stream body, string what, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        byte[] buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        while (true)
        {
            while (TryTake(buffer.AsSpan(start, end - start), out int consumed, out JsonDocument? document, what))
            {
                start += consumed;
                if (document is not null) yield return document;
            }
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length)
            {
                if (buffer.Length >= MaxValue) throw new CliError($"Error reading {what}: a message from the daemon is larger than {MaxValue} bytes");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            int read = await body.ReadAsync(buffer.AsMemory(end), ct).ConfigureAwait(false);
            if (read == 0) yield break;
            end += read;
        }
    }

    private static bool TryTake(ReadOnlySpan<byte> data, out int consumed, out JsonDocument? document, string what)
    {
        document = null;
        consumed = 0;
        int skip = 0;
        while (skip < data.Length && data[skip] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') skip++;
        if (skip == data.Length)
        {
            consumed = skip;
            return false;
        }
        var reader = new Utf8JsonReader(data[skip..], isFinalBlock: false, default);
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out document)) return false;
        }
        catch (JsonException e)
        {
            throw new CliError($"Error reading {what}: {e.Message}");
        }
        consumed = skip + (int)reader.BytesConsumed;
        return true;
    }
}
