using System.Runtime.CompilerServices;
using Wharf.Api.Types;

namespace Wharf.Api.Streams;

/// <summary>Reads a JSON message stream: one object per line (blank lines skipped), each at most <see cref="MaxMessageSize"/> bytes.</summary>
public static class JsonMessageReader
{
    public const int MaxMessageSize = 4 * 1024 * 1024;

    public static async IAsyncEnumerable<JsonMessage> ReadAllAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pending = new MemoryStream();
        byte[] buffer = new byte[16 * 1024];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            int start = 0;
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                pending.Write(buffer, start, i - start);
                start = i + 1;
                if (Take(pending) is { } message) yield return message;
            }
            pending.Write(buffer, start, read - start);
            if (pending.Length > MaxMessageSize) throw new IOException($"a JSON message is longer than {MaxMessageSize} bytes");
        }
        if (Take(pending) is { } last) yield return last;
    }

    private static JsonMessage? Take(MemoryStream pending)
    {
        var line = pending.GetBuffer().AsSpan(0, (int)pending.Length);
        JsonMessage? message = line.Trim(" \t\r"u8).IsEmpty ? null : ApiJson.Deserialize(line, ApiJson.Context.JsonMessage);
        pending.SetLength(0);
        return message;
    }
}
