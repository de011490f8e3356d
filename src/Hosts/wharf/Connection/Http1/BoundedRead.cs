namespace Wharf.Cli.Connection.Http1;

internal static class BoundedRead
{
    /// <summary>Reads <paramref name="stream"/> to its end or to <paramref name="limit"/> bytes, whichever comes first.</summary>
    public static async Task<byte[]> ReadAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < limit
            && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellationToken).ConfigureAwait(false)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }
}
