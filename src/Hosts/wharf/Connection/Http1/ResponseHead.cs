using System.Globalization;
using System.Text;

namespace Wharf.Cli.Connection.Http1;

/// <summary>An HTTP/1.1 status line and its headers, as the daemon sent them.</summary>
internal sealed record ResponseHead(int Status, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public string? Header(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)) return header.Value;
        }
        return null;
    }

    /// <summary>Content-Length when present and well formed.</summary>
    public long? ContentLength =>
        long.TryParse(Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : null;

    public bool IsChunked => Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The media type of Content-Type, lower-cased, without parameters.</summary>
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Parses the head without its final empty line; a malformed status line is an error.</summary>
    public static ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        string[] lines = Encoding.Latin1.GetString(head).Split("\r\n");
        string[] status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code) || code is < 100 or > 999)
            throw new CliError($"the daemon sent a malformed response: {lines[0]}");
        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':');
            if (colon > 0) headers.Add(new(lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
        }
        return new ResponseHead(code, status.Length > 2 ? status[2] : "", headers);
    }
}
