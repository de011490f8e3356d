using System.Text;

namespace Wharf.Cli.Connection.Http1;

/// <summary>An HTTP/1.1 request line and headers, always with docker's Host for a Unix socket.</summary>
internal sealed class RequestHead
{
    private readonly StringBuilder _text = new(256);

    public RequestHead(string method, string target)
    {
        Check(method);
        Check(target);
        _text.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: ").Append(DaemonClient.HostName).Append("\r\n");
    }

    public RequestHead Add(string name, string value)
    {
        Check(name);
        Check(value);
        _text.Append(name).Append(": ").Append(value).Append("\r\n");
        return this;
    }

    /// <summary>The head, its empty line, and a small body in one buffer: one write, one packet.</summary>
    public byte[] ToBytes(ReadOnlySpan<byte> body = default)
    {
        string head = _text.Append("\r\n").ToString();
        byte[] bytes = new byte[Encoding.Latin1.GetByteCount(head) + body.Length];
        int n = Encoding.Latin1.GetBytes(head, bytes);
        body.CopyTo(bytes.AsSpan(n));
        return bytes;
    }

    /// <summary>A line break in a name or value would start a header (or a request) of its own.</summary>
    private static void Check(string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0) throw new CliError("invalid character in a request header");
    }
}
